package io.berth.shim.main;

import io.berth.api.validation.Identifiers;
import io.berth.shim.runtime.Sandbox;
import io.berth.shim.server.ShimServer;
import io.berth.shim.sys.Syscalls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * The {@code pool} verb: a shim started by berthd before it knows its task, so that creating a
 * task does not wait for a JVM to start (DESIGN.md, "Start-up cost", route 1). It listens on a
 * socket of its own, prepares a {@link Sandbox}, says it is ready, then warms up while it waits
 * ({@link WarmUp}: a rehearsal of a task's life), and talks to berthd over its stdin and stdout,
 * one line each way:
 *
 * <pre>
 * shim:   ready SOCKET
 * berthd: assign NAMESPACE ID BUNDLE        (tab-separated)
 * shim:   ok unix://SOCKET     or    error MESSAGE
 * </pre>
 *
 * Once assigned it writes {@code <bundle>/address}, moves its stdio off berthd's pipes (stdin
 * /dev/null, stdout and stderr to {@code <bundle>/shim.log}) and is from then on an ordinary
 * shim. End of input before an assignment (berthd stopped or died) makes it exit, so an unused
 * pooled shim never outlives its berthd. While it waits it holds a prepared {@link Sandbox} for
 * its first container, discarded on exit if no container took it.
 */
final class PooledShim {
    static final String VERB = "pool";
    private static final Logger LOG = Logger.getLogger(PooledShim.class.getName());

    private PooledShim() {
    }

    /** {@code -address BERTHD_SOCKET -socket-dir DIR [-debug] pool}. */
    static void run(String address, Path socketDir, boolean debug, Duration eventRetry) throws IOException,
            InterruptedException {
        PrintStream reply = System.out;
        ShimLogging.configure(debug, null);
        Files.createDirectories(socketDir);
        Path socket = socketDir.resolve("p" + HexFormat.of().formatHex(randomBytes()).substring(1));
        Path berthd = address.isEmpty() ? null : ShimAddress.parse(address);
        long t0 = System.nanoTime();
        ShimServer server = ShimServer.listen(socket, berthd, eventRetry);
        long t1 = System.nanoTime();
        Sandbox.prepare();
        LOG.fine("pooled shim ready: listen " + ms(t1 - t0) + " ms, sandbox " + ms(System.nanoTime() - t1) + " ms");
        reply.println("ready " + socket);
        reply.flush();
        WarmUp warmUp = WarmUp.start(socket);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        warmUp.stop();
        if (line == null) {
            warmUp.await(); // its scratch directory and cgroup are removed before the shim halts
            Sandbox.discard();
            server.close(); // berthd has let go of this shim
            Runtime.getRuntime().halt(0);
            return;
        }
        String[] f = line.split("\t", -1);
        Path bundle;
        String id;
        try {
            if (f.length != 4 || !f[0].equals("assign")) {
                throw new IllegalArgumentException("bad assignment \"" + line + "\"");
            }
            Identifiers.validate(f[1]);
            Identifiers.validate(f[2]);
            bundle = Path.of(f[3]);
            if (!bundle.isAbsolute() || !Files.isDirectory(bundle)) {
                throw new IllegalArgumentException("bundle " + bundle + " is not a directory");
            }
            id = f[2];
            redirectStdio(bundle.resolve(Detacher.LOG));
            ShimLogging.configure(debug, id);
            server.assign(f[1], id, bundle);
            ShimAddress.writePid(bundle);
            ShimAddress.write(bundle, socket);
        } catch (RuntimeException | IOException e) {
            reply.println("error " + e.getMessage());
            reply.flush();
            warmUp.await();
            Sandbox.discard();
            server.close();
            Runtime.getRuntime().halt(1);
            return;
        }
        reply.println("ok " + ShimAddress.format(socket));
        reply.flush();
        try {
            Syscalls.dup2(2, 1); // stdout to the log too: berthd's pipe is not read any more
        } catch (io.berth.shim.sys.SyscallException e) {
            LOG.warning("redirect stdout: " + e.getMessage());
        }
        LOG.info("pooled shim serving task " + f[1] + "/" + id + " on " + socket + " (pid "
                + ProcessHandle.current().pid() + ")");
        server.awaitStopped();
        warmUp.await();
        Sandbox.discard(); // a task that did not use it
        LOG.info("shim exits");
        Runtime.getRuntime().halt(0);
    }

    /** stdin from /dev/null, stderr to the bundle's log; stdout keeps berthd's pipe for the reply line. */
    private static void redirectStdio(Path log) throws IOException {
        try {
            int nul = Syscalls.open(Path.of("/dev/null"), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
            Syscalls.dup2(nul, 0);
            Syscalls.close(nul);
            int fd = Syscalls.open(log, Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_APPEND | Syscalls.O_CLOEXEC,
                    0644);
            Syscalls.dup2(fd, 2);
            Syscalls.close(fd);
        } catch (io.berth.shim.sys.SyscallException e) {
            throw new IOException("redirect the shim's stdio to " + log + ": " + e.getMessage(), e);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
