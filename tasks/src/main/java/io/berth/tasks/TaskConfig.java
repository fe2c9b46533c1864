package io.berth.tasks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where tasks live and how their shims are run.
 *
 * @param stateDir berthd's state directory: bundles under {@code tasks/<ns>/<id>}, shim sockets
 *     under {@code s/}, shim scratch under {@code shim/}
 * @param berthdSocket berthd's gRPC socket, where shims forward their events
 * @param shimCommand the command that runs {@code io.berth.shim.main.ShimMain} (java, JVM options,
 *     class path, main class); the shim's flags and verb are appended
 */
public record TaskConfig(Path stateDir, Path berthdSocket, List<String> shimCommand) {
    /** JVM options of a shim: small and quick to start. */
    public static final List<String> SHIM_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-Xms4m", "-Xmx48m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto", "-XX:+IgnoreUnrecognizedVMOptions",
            "--enable-native-access=ALL-UNNAMED");

    public TaskConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(berthdSocket, "berthdSocket");
        shimCommand = List.copyOf(shimCommand);
        if (shimCommand.isEmpty()) {
            throw new IllegalArgumentException("shimCommand is empty");
        }
    }

    /** A shim run by this JVM's java, with this JVM's class path (which holds the shim module). */
    public static TaskConfig of(Path stateDir, Path berthdSocket) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SHIM_JVM_OPTIONS);
        cmd.add("-Dberth.shim.stateDir=" + stateDir.resolve("shim"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.berth.shim.main.ShimMain");
        return new TaskConfig(stateDir, berthdSocket, cmd);
    }

    Path tasksDir() {
        return stateDir.resolve("tasks");
    }

    Path socketDir() {
        return stateDir.resolve("s");
    }
}
