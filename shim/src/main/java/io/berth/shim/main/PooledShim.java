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
 *   ... the task's life, until Delete of its init process ...
 * shim:   free
 * berthd: again                or    end of input (the shim exits)
 * shim:   ready SOCKET         (a new socket; then as above)
 * </pre>
 *
 * Once assigned it writes {@code <bundle>/address}, moves its stdio off berthd's pipes (stdin
 * /dev/null, stdout and stderr to {@code <bundle>/shim.log}, berthd's pipes kept aside) and is
 * from then on an ordinary shim. End of input before an assignment (berthd stopped or died) makes
 * it exit, so an unused pooled shim never outlives its berthd. While it waits it holds a prepared
 * {@link Sandbox} for its next container, discarded on exit if no container took it.
 *
 * <p><b>Reuse.</b> Starting a shim costs about 1.3 CPU-seconds (its JVM, its server, the warm-up),
 * which on a small machine slows the tasks running meanwhile: a pool refilled for every task made
 * back-to-back {@code ctr run --rm} three times slower than containerd's. So after a Delete of its
 * init process a pooled shim, whose container is then gone with its cgroup, mounts, FIFOs and
 * events, and whose files in the bundle are removed ({@link ShimAddress#removeIfOurs}), takes its
 * stdio back from the bundle, says {@code free}, and if berthd's pool has room becomes an idle
 * pooled shim again with a new socket and a new sandbox (its JVM already warm: no warm-up);
 * otherwise, or after a Shutdown, or once it has served {@link #MAX_TASKS} tasks, it exits. For
 * a client nothing changes: after the delete the task has no shim. The bound keeps whatever a
 * long-lived JVM might accumulate (heap, JIT code, a leak we did not find) from growing without
 * end.
 */
final class PooledShim {
    static final String VERB = "pool";
    /** How many tasks a pooled shim serves before it exits instead of rejoining the pool. */
    static final int MAX_TASKS = 32;
    private static final Logger LOG = Logger.getLogger(PooledShim.class.getName());

    private PooledShim() {
    }

    /** {@code -address BERTHD_SOCKET -socket-dir DIR [-debug] pool}. */
    static void run(String address, Path socketDir, boolean debug, Duration eventRetry) throws IOException,
            InterruptedException {
        PrintStream reply = System.out;
        ShimLogging.configure(debug, null);
        Files.createDirectories(socketDir);
        Path berthd = address.isEmpty() ? null : ShimAddress.parse(address);
        int[] berthdStdio = keepStdio();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        WarmUp warmUp = null;
        for (int served = 0; ; served++) {
            Path socket = socketDir.resolve("p" + HexFormat.of().formatHex(randomBytes()).substring(1));
            long t0 = System.nanoTime();
            ShimServer server = ShimServer.listen(socket, berthd, eventRetry);
            long t1 = System.nanoTime();
            Sandbox.prepare();
            LOG.fine("pooled shim ready" + (served > 0 ? " again after " + served + " tasks" : "") + ": listen "
                    + ms(t1 - t0) + " ms, sandbox " + ms(System.nanoTime() - t1) + " ms");
            reply.println("ready " + socket);
            reply.flush();
            if (served == 0) {
                warmUp = WarmUp.start(socket);
            }
            String line = in.readLine();
            warmUp.stop();
            if (line == null) {
                warmUp.await(); // its scratch directory and cgroup are removed before the shim halts
                Sandbox.discard();
                server.close(); // berthd has let go of this shim
                Runtime.getRuntime().halt(0);
                return;
            }
            String id = assign(server, line, socket, debug, reply, warmUp);
            reply.println("ok " + ShimAddress.format(socket));
            reply.flush();
            try {
                Syscalls.dup2(2, 1); // stdout to the log too: berthd's pipe is kept aside until the task is over
            } catch (io.berth.shim.sys.SyscallException e) {
                LOG.warning("redirect stdout: " + e.getMessage());
            }
            LOG.info("pooled shim serving task " + line.split("\t")[1] + "/" + id + " on " + socket + " (pid "
                    + ProcessHandle.current().pid() + ", task " + (served + 1) + ")");
            server.awaitStopped();
            warmUp.await();
            String done = !server.deleted() ? "shut down" : served + 1 >= MAX_TASKS ? "served " + MAX_TASKS + " tasks"
                    : null;
            if (done != null || !rejoin(berthdStdio, reply, in, debug)) {
                Sandbox.discard(); // a task that did not use it
                LOG.info("shim exits" + (done == null ? "" : " (" + done + ")"));
                Runtime.getRuntime().halt(0);
                return;
            }
        }
    }

    /**
     * Takes the task of {@code line}; on a bad assignment tells berthd and exits. Returns the
     * task's id.
     */
    private static String assign(ShimServer server, String line, Path socket, boolean debug, PrintStream reply,
            WarmUp warmUp) throws InterruptedException {
        String[] f = line.split("\t", -1);
        try {
            if (f.length != 4 || !f[0].equals("assign")) {
                throw new IllegalArgumentException("bad assignment \"" + line + "\"");
            }
            Identifiers.validate(f[1]);
            Identifiers.validate(f[2]);
            Path bundle = Path.of(f[3]);
            if (!bundle.isAbsolute() || !Files.isDirectory(bundle)) {
                throw new IllegalArgumentException("bundle " + bundle + " is not a directory");
            }
            redirectStdio(bundle.resolve(Detacher.LOG));
            ShimLogging.configure(debug, f[2]);
            server.assign(f[1], f[2], bundle, () -> ShimAddress.removeIfOurs(bundle, socket));
            ShimAddress.writePid(bundle);
            ShimAddress.write(bundle, socket);
            return f[2];
        } catch (RuntimeException | IOException e) {
            reply.println("error " + e.getMessage());
            reply.flush();
            warmUp.await();
            Sandbox.discard();
            server.close();
            Runtime.getRuntime().halt(1);
            throw new IllegalStateException("halted");
        }
    }

    /**
     * After a task: stdio back on berthd's pipes and the pool's log, {@code free} to berthd;
     * whether berthd answered {@code again} (its pool has room for this shim).
     */
    private static boolean rejoin(int[] berthdStdio, PrintStream reply, BufferedReader in, boolean debug) {
        try {
            for (int fd = 0; fd < 3; fd++) {
                Syscalls.dup2(berthdStdio[fd], fd);
            }
        } catch (io.berth.shim.sys.SyscallException e) {
            LOG.warning("cannot take back berthd's pipes: " + e.getMessage());
            return false;
        }
        ShimLogging.configure(debug, null);
        reply.println("free");
        reply.flush();
        if (reply.checkError()) {
            return false; // berthd is gone: it restarted or stopped while the task ran
        }
        try {
            return "again".equals(in.readLine());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Copies of stdin, stdout and stderr as berthd gave them (its pipes, the pool's log), closed
     * on exec, for {@link #rejoin} once a task is over.
     */
    private static int[] keepStdio() throws IOException {
        int[] fds = new int[3];
        try {
            for (int fd = 0; fd < 3; fd++) {
                fds[fd] = Syscalls.dupCloexec(fd);
            }
        } catch (io.berth.shim.sys.SyscallException e) {
            throw new IOException("keep berthd's pipes: " + e.getMessage(), e);
        }
        return fds;
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
