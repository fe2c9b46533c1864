package io.berth.shim.runtime;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The standard streams of one container process: the three descriptors the child gets (/dev/null,
 * a file, or one end of a pipe), copier threads between pipes (or the pty master) and FIFOs, and
 * the caller's ends for {@link Stdio.Pipe} targets.
 */
final class ProcessIo {
    private static final Path DEV_NULL = Path.of("/dev/null");

    private final Stdio stdio;
    private final String name;
    private final int[] childFds = {-1, -1, -1};
    private final List<Integer> parentFds = new ArrayList<>();
    private final CountDownLatch outputDone = new CountDownLatch(2);
    private volatile OutputStream stdin;
    private volatile InputStream stdout;
    private volatile InputStream stderr;
    private volatile int ptyMaster = -1;
    private volatile boolean closed;

    ProcessIo(Stdio stdio, String name) {
        this.stdio = stdio;
        this.name = name;
    }

    /** Opens the child's descriptors 0-2; call {@link #afterSpawn()} once the child exists. */
    int[] open() throws SyscallException {
        try {
            if (stdio.terminal()) {
                // Until exec the stage's output is its own; the process gets the pty slave.
                childFds[0] = Syscalls.open(DEV_NULL, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
                childFds[1] = Syscalls.open(DEV_NULL, Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
                int[] err = Syscalls.pipe();
                childFds[2] = err[1];
                drain(err[0]);
                outputDone.countDown(); // stderr is merged into the terminal
                return childFds.clone();
            }
            childFds[0] = openInput(stdio.stdin());
            childFds[1] = openOutput(stdio.stdout(), "stdout", true);
            childFds[2] = openOutput(stdio.stderr(), "stderr", false);
            return childFds.clone();
        } catch (SyscallException e) {
            closeChildEnds();
            close();
            throw e;
        }
    }

    private int openInput(Stdio.Target t) throws SyscallException {
        return switch (t) {
            case Stdio.Discard d -> Syscalls.open(DEV_NULL, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
            case Stdio.Pipe p -> {
                int[] fds = Syscalls.pipe();
                stdin = track(FdStreams.output(owned(fds[1]), true));
                yield fds[0];
            }
            case Stdio.File f when isFifo(f.path()) -> {
                int[] fds = Syscalls.pipe();
                copyStdinFromFifo(f.path(), FdStreams.output(owned(fds[1]), true));
                yield fds[0];
            }
            case Stdio.File f -> Syscalls.open(f.path(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
        };
    }

    private int openOutput(Stdio.Target t, String stream, boolean isStdout) throws SyscallException {
        switch (t) {
            case Stdio.Discard d -> {
                outputDone.countDown();
                return Syscalls.open(DEV_NULL, Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
            }
            case Stdio.Pipe p -> {
                int[] fds = Syscalls.pipe();
                InputStream in = track(FdStreams.input(owned(fds[0]), true));
                if (isStdout) {
                    stdout = in;
                } else {
                    stderr = in;
                }
                outputDone.countDown();
                return fds[1];
            }
            case Stdio.File f when isFifo(f.path()) -> {
                int[] fds = Syscalls.pipe();
                startCopier(name + "-" + stream, FdStreams.input(owned(fds[0]), true), f.path());
                return fds[1];
            }
            case Stdio.File f -> {
                outputDone.countDown();
                return Syscalls.open(f.path(), Syscalls.O_WRONLY | Syscalls.O_APPEND | Syscalls.O_CREAT
                        | Syscalls.O_CLOEXEC, 0644);
            }
        }
    }

    private final List<AutoCloseable> callerStreams = new ArrayList<>();

    private <T extends AutoCloseable> T track(T stream) {
        synchronized (callerStreams) {
            callerStreams.add(stream);
        }
        return stream;
    }

    private int owned(int fd) {
        synchronized (parentFds) {
            parentFds.add(fd);
        }
        return fd;
    }

    /** The child has its copies now: the parent closes the child's ends. */
    void afterSpawn() {
        closeChildEnds();
    }

    private void closeChildEnds() {
        for (int i = 0; i < 3; i++) {
            Syscalls.closeQuietly(childFds[i]);
            childFds[i] = -1;
        }
    }

    /** Takes ownership of the pty master the stage opened in the container. */
    void attachTerminal(int master) {
        ptyMaster = master;
        InputStream fromPty = FdStreams.input(master, false);
        OutputStream toPty = FdStreams.output(master, false);
        switch (stdio.stdout()) {
            case Stdio.Pipe p -> {
                stdout = fromPty;
                outputDone.countDown();
            }
            case Stdio.File f -> startCopier(name + "-pty-out", fromPty, f.path());
            case Stdio.Discard d -> startCopier(name + "-pty-out", fromPty, null);
        }
        switch (stdio.stdin()) {
            case Stdio.Pipe p -> stdin = toPty;
            case Stdio.File f -> copyStdinFromFifo(f.path(), toPty);
            case Stdio.Discard d -> {
            }
        }
    }

    private void drain(int fd) {
        InputStream in = FdStreams.input(owned(fd), true);
        Thread.ofPlatform().daemon().name(name + "-stage-stderr").start(() -> {
            try (in) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the stage is gone
            }
        });
    }

    private void copyStdinFromFifo(Path fifo, OutputStream sink) {
        Thread.ofPlatform().daemon().name(name + "-stdin").start(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                byte[] buf = new byte[32 * 1024];
                for (int n; !closed && (n = in.read(buf)) >= 0; ) {
                    sink.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // the writer or the process went away: input ends
            } finally {
                if (ptyMaster < 0) {
                    closeQuietly(sink);
                }
            }
        });
    }

    /** Copies {@code from} to the FIFO or file at {@code path} (or nowhere), until end of stream. */
    private void startCopier(String threadName, InputStream from, Path path) {
        Thread.ofPlatform().daemon().name(threadName).start(() -> {
            OutputStream out = OutputStream.nullOutputStream();
            byte[] buf = new byte[32 * 1024];
            try {
                if (path != null) {
                    try {
                        out = new FileOutputStream(path.toFile(), true);
                    } catch (IOException e) {
                        out = OutputStream.nullOutputStream();
                    }
                }
                for (int n; (n = from.read(buf)) >= 0; ) {
                    try {
                        out.write(buf, 0, n);
                    } catch (IOException e) {
                        out = OutputStream.nullOutputStream(); // reader gone: keep draining
                    }
                }
            } catch (IOException ignored) {
                // the process side closed
            } finally {
                closeQuietly(out);
                if (ptyMaster < 0) {
                    closeQuietly(from);
                }
                outputDone.countDown();
            }
        });
    }

    Optional<OutputStream> stdin() {
        return Optional.ofNullable(stdin);
    }

    Optional<InputStream> stdout() {
        return Optional.ofNullable(stdout);
    }

    Optional<InputStream> stderr() {
        return Optional.ofNullable(stderr);
    }

    void closeStdin() {
        OutputStream s = stdin;
        if (s == null) {
            return;
        }
        if (ptyMaster < 0) {
            closeQuietly(s);
            return;
        }
        try {
            s.write(4); // EOT: end of input on a terminal in canonical mode
        } catch (IOException ignored) {
            // terminal gone
        }
    }

    void resize(int width, int height) {
        int fd = ptyMaster;
        if (fd < 0) {
            throw new FailedPreconditionException("process has no terminal");
        }
        try {
            Syscalls.setWindowSize(fd, height, width);
        } catch (SyscallException e) {
            throw new FailedPreconditionException("resize terminal: " + e.getMessage());
        }
    }

    /** Waits (bounded) for output copying to finish after the process exited. */
    void awaitOutput(long millis) {
        try {
            outputDone.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Releases the shim's descriptors: the pty master and the caller's pipe ends (their streams
     * end here). Copier threads close their own ends at end of stream.
     */
    void close() {
        closed = true;
        synchronized (callerStreams) {
            callerStreams.forEach(ProcessIo::closeQuietly);
            callerStreams.clear();
        }
        int fd = ptyMaster;
        ptyMaster = -1;
        if (fd >= 0) {
            Syscalls.closeQuietly(fd);
        }
    }

    private static boolean isFifo(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
