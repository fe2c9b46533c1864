package io.berth.tasks;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where tasks live and how their shims are run.
 *
 * @param stateDir berthd's state directory: bundles under {@code tasks/<ns>/<id>}, shim sockets
 *     under {@code s/}, shim scratch under {@code shim/}
 * @param berthdSocket berthd's gRPC socket; shims forward their events to its ttrpc socket beside it
 * @param shimCommand the command that runs {@code io.berth.shim.main.ShimMain} (java, JVM options,
 *     class path, main class); the shim's flags and verb are appended
 * @param shimPool how many started, idle shims to keep ready for new tasks (0: none, every task
 *     waits for its shim's JVM to start)
 * @param aotDir where the ahead-of-time caches of the shim's and the init stage's JVMs are built
 */
public record TaskConfig(Path stateDir, Path berthdSocket, List<String> shimCommand, int shimPool, Path aotDir) {
    /** Idle shims kept ready by default. */
    public static final int DEFAULT_SHIM_POOL = 2;
    /** The largest pool accepted: each idle shim holds a JVM. */
    public static final int MAX_SHIM_POOL = 64;
    /**
     * JVM options of a shim: small and quick to start. The class-data archive (the AOT cache) is
     * mapped at the address it was built for instead of being relocated: relocation writes to
     * every page that holds a pointer, which turns the archive into private memory in each shim
     * (about 30 MB), while mapped as built its pages stay shared by all shims.
     *
     * <p>Measured on an idle pooled shim (private memory): glibc keeps the freed peak of start-up
     * (C1's compiler arenas, warm-up) in its arenas, about 6 MB, which a periodic trim gives back.
     * The shim speaks ttrpc on JDK sockets (no gRPC, no Netty), so no library options are needed.
     */
    public static final List<String> SHIM_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-Xms4m", "-Xmx48m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-XX:+IgnoreUnrecognizedVMOptions",
            "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
            "-XX:TrimNativeHeapInterval=2000", "--enable-native-access=ALL-UNNAMED");
    static final String MAIN_CLASS = "io.berth.shim.main.ShimMain";

    public TaskConfig {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(berthdSocket, "berthdSocket");
        Objects.requireNonNull(aotDir, "aotDir");
        shimCommand = List.copyOf(shimCommand);
        if (shimCommand.isEmpty()) {
            throw new IllegalArgumentException("shimCommand is empty");
        }
        if (shimPool < 0 || shimPool > MAX_SHIM_POOL) {
            throw new IllegalArgumentException("shim pool size " + shimPool + " is not between 0 and " + MAX_SHIM_POOL);
        }
    }

    /** A shim run by this JVM's java, with this JVM's class path (which holds the shim module). */
    public static TaskConfig of(Path stateDir, Path berthdSocket) {
        return of(stateDir, berthdSocket, DEFAULT_SHIM_POOL);
    }

    /** As {@link #of(Path, Path)}, with {@code shimPool} idle shims kept ready. */
    public static TaskConfig of(Path stateDir, Path berthdSocket, int shimPool) {
        return of(stateDir, berthdSocket, shimPool, stateDir.resolve("shim"));
    }

    /** As {@link #of(Path, Path, int)}, with the JVMs' ahead-of-time caches in {@code aotDir}. */
    public static TaskConfig of(Path stateDir, Path berthdSocket, int shimPool, Path aotDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SHIM_JVM_OPTIONS);
        cmd.add("-Dberth.shim.stateDir=" + stateDir.resolve("shim"));
        cmd.add("-Dberth.shim.aotDir=" + aotDir);
        cmd.add("-cp");
        cmd.add(shimClassPath(System.getProperty("java.class.path")));
        cmd.add(MAIN_CLASS);
        return new TaskConfig(stateDir, berthdSocket, cmd, shimPool, aotDir);
    }

    /**
     * The shim's class path: {@code classPath} less the jars a shim never loads from (berthd's
     * own modules, gRPC, Netty, Guava, RocksDB, picocli and the rest). The JVM opens every jar
     * before the one a lookup finds, reading its directory onto the heap: a shim on berthd's whole
     * class path had all 48 jars open (about 0.9 MB of directories it never used). Directories
     * (classes of a build under test) stay.
     */
    static String shimClassPath(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !e.endsWith(".jar") || SHIM_JARS.matcher(Path.of(e).getFileName().toString()).matches())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The jars of the shim module and its runtime dependencies other than berth-api's gRPC. */
    private static final Pattern SHIM_JARS = Pattern.compile(
            "(berth-(shim|api)(-[0-9].*)?|protobuf-java-[0-9][^-]*|jna-[0-9].*|jackson-(core|databind|annotations)-[0-9].*)"
                    + "\\.jar");

    /** The same settings with another pool size. */
    public TaskConfig withShimPool(int size) {
        return new TaskConfig(stateDir, berthdSocket, shimCommand, size, aotDir);
    }

    /** The shim command up to the main class (java, options, class path): what its AOT cache is keyed on. */
    List<String> shimJvm() {
        int main = shimCommand.lastIndexOf(MAIN_CLASS);
        return main > 0 ? shimCommand.subList(0, main) : shimCommand;
    }

    /** The shim command after the JVM: the main class. */
    List<String> shimMain() {
        int main = shimCommand.lastIndexOf(MAIN_CLASS);
        return main > 0 ? shimCommand.subList(main, shimCommand.size()) : List.of();
    }

    Path tasksDir() {
        return stateDir.resolve("tasks");
    }

    Path socketDir() {
        return stateDir.resolve("s");
    }

    Path shimDir() {
        return stateDir.resolve("shim");
    }
}
