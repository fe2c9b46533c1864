package io.berth.shim.main;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code start} verb: spawns the long-lived server ({@code serve}) in a session of its own,
 * with no tie to the caller's stdio (stdin /dev/null, stdout and stderr appended to
 * {@code <bundle>/shim.log}), waits until it has written {@code <bundle>/address}, and returns
 * that address.
 */
final class Detacher {
    /** The shim's log in the bundle. */
    static final String LOG = "shim.log";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);

    private Detacher() {
    }

    static String start(ShimArgs args) throws IOException, InterruptedException {
        Path socket = ShimAddress.socketPath(args.socketDir(), args.address(), args.namespace(), args.id());
        Files.createDirectories(args.socketDir());
        Files.deleteIfExists(args.bundle().resolve(ShimAddress.FILE));
        Path log = args.bundle().resolve(LOG);
        ProcessBuilder pb = new ProcessBuilder(serverCommand(args));
        pb.directory(args.bundle().toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectErrorStream(true);
        Process server = pb.start();
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> address = ShimAddress.read(args.bundle());
            if (address.isPresent()) {
                return address.get();
            }
            if (!server.isAlive() && ShimAddress.read(args.bundle()).isEmpty()) {
                throw new IOException("shim server exited with status " + server.exitValue()
                        + " before listening on " + socket + "; see " + log + ":\n" + tail(log));
            }
            Thread.sleep(2);
        }
        server.destroyForcibly();
        throw new IOException("shim server did not listen on " + socket + " within " + READY_LIMIT.toSeconds()
                + "s; see " + log);
    }

    /** This JVM's own command line with the verb replaced by {@code serve}, run through setsid. */
    static List<String> serverCommand(ShimArgs args) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
        }
        List<String> jvm = new ArrayList<>();
        List<String> own = ownCommandLine();
        int main = own.indexOf(ShimMain.class.getName());
        if (main > 0) {
            jvm.addAll(own.subList(0, main + 1));
        } else {
            jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            jvm.add("-cp");
            jvm.add(System.getProperty("java.class.path"));
            jvm.add(ShimMain.class.getName());
        }
        cmd.addAll(jvm);
        cmd.addAll(args.toArgs("serve"));
        return cmd;
    }

    /**
     * This process's command line from /proc/self/cmdline. Not ProcessHandle.Info: the JDK reads
     * only the first 4,096 bytes and gives no arguments for a longer line (a shim's class path is
     * longer), which made the server lose every JVM option (heap, GC, its AOT cache).
     */
    private static List<String> ownCommandLine() {
        try {
            String line = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
            return List.of(line.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
