package io.berth.shim.server;

import io.berth.shim.runtime.ContainerProcess;
import io.berth.shim.runtime.ExitStatus;
import io.berth.shim.runtime.Stdio;
import io.berth.shim.spec.ProcessSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One process of the shim's task, as containerd's runc shim tracks it: the init process (id =
 * container id) or an exec'd process (id = exec id), from added to deleted.
 */
final class TaskProcess {
    final String id;
    final boolean init;
    final IoPaths io;
    /** The exec's process spec; null for the init process. */
    final ProcessSpec spec;
    /** Completes with the exit status once the process is observable as stopped. */
    final CompletableFuture<ExitStatus> stopped = new CompletableFuture<>();

    private ContainerProcess process;
    private long pid;
    private ExitStatus exit;
    private boolean deleted;
    private boolean stdinClosed;
    private RandomAccessFile stdinHold;

    /** The IO paths given at create or exec time, as clients read them back. */
    record IoPaths(String stdin, String stdout, String stderr, boolean terminal) {
        Stdio stdio() {
            return Stdio.paths(stdin, stdout, stderr, terminal);
        }
    }

    TaskProcess(String id, boolean init, IoPaths io, ProcessSpec spec) {
        this.id = id;
        this.init = init;
        this.io = io;
        this.spec = spec;
    }

    synchronized void started(ContainerProcess p) {
        process = p;
        pid = p.pid();
    }

    synchronized Optional<ContainerProcess> process() {
        return Optional.ofNullable(process);
    }

    synchronized long pid() {
        return pid;
    }

    synchronized void exited(ExitStatus s) {
        exit = s;
    }

    synchronized Optional<ExitStatus> exit() {
        return Optional.ofNullable(exit);
    }

    synchronized boolean deleted() {
        return deleted;
    }

    synchronized void markDeleted() {
        deleted = true;
    }

    /** Records a CloseIO; true if the process already runs (so its stdin is closed now). */
    synchronized boolean closeStdin() {
        stdinClosed = true;
        releaseStdin();
        return process != null;
    }

    synchronized boolean stdinClosed() {
        return stdinClosed;
    }

    /**
     * Keeps the stdin FIFO open for writing (O_RDWR never blocks on a FIFO and this end never
     * reads), so that the process sees end of input only after CloseIO, as with containerd's
     * shims, and not merely because the client closed or has not yet opened its end.
     */
    synchronized void holdStdin() {
        if (io.stdin().isEmpty() || stdinClosed || stdinHold != null) {
            return;
        }
        Path p = Path.of(io.stdin());
        try {
            if (Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                stdinHold = new RandomAccessFile(p.toFile(), "rw");
            }
        } catch (IOException e) {
            // not a FIFO we can open: the process reads it as it is
        }
    }

    /** Lets end of input through (CloseIO, or the process has exited). */
    synchronized void releaseStdin() {
        if (stdinHold != null) {
            try {
                stdinHold.close();
            } catch (IOException ignored) {
                // closed anyway
            }
            stdinHold = null;
        }
    }
}
