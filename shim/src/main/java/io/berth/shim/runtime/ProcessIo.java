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
 * The standard streams of one container process: ProcessBuilder redirects for files and
 * /dev/null, pipes for everything else, copier threads between pipes (or the pty master) and
 * FIFOs, and the caller's ends for {@link Stdio.Pipe} targets.
 */
final class ProcessIo {
    private static final Path DEV_NULL = Path.of("/dev/null");

    private final Stdio stdio;
    private final List<Thread> outputCopiers = new ArrayList<>();
    private final CountDownLatch outputDone = new CountDownLatch(2);
    private volatile OutputStream stdin;
    private volatile InputStream stdout;
    private volatile InputStream stderr;
    private volatile int ptyMaster = -1;
    private volatile boolean closed;

    ProcessIo(Stdio stdio) {
        this.stdio = stdio;
    }

    /** Sets the redirects of the stage's process before it is spawned. */
    void configure(ProcessBuilder pb) {
        if (stdio.terminal()) {
            pb.redirectInput(DEV_NULL.toFile());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.PIPE);
            return;
        }
        pb.redirectInput(switch (stdio.stdin()) {
            case Stdio.Discard d -> ProcessBuilder.Redirect.from(DEV_NULL.toFile());
            case Stdio.Pipe p -> ProcessBuilder.Redirect.PIPE;
            case Stdio.File f -> isFifo(f.path()) ? ProcessBuilder.Redirect.PIPE
                    : ProcessBuilder.Redirect.from(f.path().toFile());
        });
        pb.redirectOutput(outputRedirect(stdio.stdout()));
        pb.redirectError(outputRedirect(stdio.stderr()));
    }

    private static ProcessBuilder.Redirect outputRedirect(Stdio.Target t) {
        return switch (t) {
            case Stdio.Discard d -> ProcessBuilder.Redirect.DISCARD;
            case Stdio.Pipe p -> ProcessBuilder.Redirect.PIPE;
            case Stdio.File f -> isFifo(f.path()) ? ProcessBuilder.Redirect.PIPE
                    : ProcessBuilder.Redirect.appendTo(f.path().toFile());
        };
    }

    /** Wires the pipes of the spawned process (non-terminal case). */
    void attach(Process process, String name) {
        if (stdio.terminal()) {
            // The stage's stderr carries JVM failures before exec only; keep draining it.
            InputStream stageErr = process.getErrorStream();
            Thread.ofPlatform().daemon().name(name + "-stage-stderr").start(() -> {
                try (stageErr) {
                    stageErr.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the stage is gone
                }
            });
            outputDone.countDown(); // stderr is merged into the terminal
            return;
        }
        stdin = switch (stdio.stdin()) {
            case Stdio.Pipe p -> process.getOutputStream();
            case Stdio.File f when isFifo(f.path()) -> {
                copyStdinFromFifo(name, f.path(), process.getOutputStream());
                yield null;
            }
            default -> null;
        };
        stdout = output(name + "-stdout", stdio.stdout(), process.getInputStream());
        stderr = output(name + "-stderr", stdio.stderr(), process.getErrorStream());
    }

    private InputStream output(String name, Stdio.Target t, InputStream pipe) {
        switch (t) {
            case Stdio.Pipe p -> {
                outputDone.countDown();
                return pipe;
            }
            case Stdio.File f when isFifo(f.path()) -> {
                Thread th = startCopier(name, pipe, null, f.path());
                outputCopiers.add(th);
            }
            default -> outputDone.countDown();
        }
        return null;
    }

    /** Takes ownership of the pty master the stage opened in the container. */
    void attachTerminal(int master, String name) {
        ptyMaster = master;
        InputStream fromPty = FdStreams.input(master);
        OutputStream toPty = FdStreams.output(master);
        switch (stdio.stdout()) {
            case Stdio.Pipe p -> {
                stdout = fromPty;
                outputDone.countDown();
            }
            case Stdio.File f -> outputCopiers.add(startCopier(name + "-pty-out", fromPty, null, f.path()));
            case Stdio.Discard d -> outputCopiers.add(startCopier(name + "-pty-out", fromPty,
                    OutputStream.nullOutputStream(), null));
        }
        switch (stdio.stdin()) {
            case Stdio.Pipe p -> stdin = toPty;
            case Stdio.File f -> copyStdinFromFifo(name, f.path(), toPty);
            case Stdio.Discard d -> {
            }
        }
    }

    private void copyStdinFromFifo(String name, Path fifo, OutputStream sink) {
        Thread.ofPlatform().daemon().name(name + "-stdin").start(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                byte[] buf = new byte[32 * 1024];
                for (int n; !closed && (n = in.read(buf)) >= 0; ) {
                    sink.write(buf, 0, n);
                    sink.flush();
                }
            } catch (IOException ignored) {
                // the reader or the process went away: input ends
            } finally {
                if (ptyMaster < 0) {
                    closeQuietly(sink);
                }
            }
        });
    }

    /** Copies {@code from} to {@code sink} or to the FIFO/file at {@code path}, until end of stream. */
    private Thread startCopier(String name, InputStream from, OutputStream sink, Path path) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            OutputStream out = sink;
            byte[] buf = new byte[32 * 1024];
            try {
                if (out == null) {
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
                if (out != sink) {
                    closeQuietly(out);
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
        if (s != null && ptyMaster < 0) {
            closeQuietly(s);
        } else if (ptyMaster >= 0 && s != null) {
            try {
                s.write(4); // EOT: end of input on a terminal in canonical mode
            } catch (IOException ignored) {
                // terminal gone
            }
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

    /** Closes the pty master; copier threads end with their streams. */
    void close() {
        closed = true;
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
