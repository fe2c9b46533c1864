package io.berth.shim.runtime;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.shim.init.ControlChannel;
import io.berth.shim.sys.Errno;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A process spawned as an init stage: waiting for Start, then the container's process itself. */
final class StageProcess implements ContainerProcess {
    private final SpawnedProcess process;
    private final ProcessIo io;
    private final CompletableFuture<ExitStatus> exit;
    private ControlChannel channel;

    StageProcess(SpawnedProcess process, ControlChannel channel, ProcessIo io) {
        this.process = process;
        this.channel = channel;
        this.io = io;
        this.exit = process.onExit().thenApplyAsync(code -> {
            ExitStatus status = new ExitStatus(code, Instant.now());
            io.awaitOutput(2000);
            return status;
        }, r -> Thread.ofVirtual().start(r));
    }

    /** Lets the stage execve; returns once it did, or throws with the stage's error. */
    synchronized void start(String name) {
        if (channel == null) {
            throw new FailedPreconditionException(name + " already started");
        }
        try (ControlChannel ch = channel) {
            channel = null;
            ch.send(ControlChannel.START, new byte[0]);
            ControlChannel.Message m = ch.receive();
            if (m != null && m.type() == ControlChannel.ERROR) {
                process.killForcibly();
                process.waitFor();
                throw new UnknownException(name + ": " + m.text());
            }
        } catch (IOException e) {
            if (!process.isAlive()) {
                throw new UnknownException(name + ": init stage exited with status " + process.waitFor()
                        + " before exec");
            }
            throw new UnknownException(name + ": control channel: " + e.getMessage(), e);
        }
    }

    /** Drops a stage that never started (or closes a leftover channel). */
    synchronized void abandon() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            channel = null;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    void closeIo() {
        io.close();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<ExitStatus> exit() {
        return exit;
    }

    @Override
    public Optional<OutputStream> stdin() {
        return io.stdin();
    }

    @Override
    public Optional<InputStream> stdout() {
        return io.stdout();
    }

    @Override
    public Optional<InputStream> stderr() {
        return io.stderr();
    }

    @Override
    public void closeStdin() {
        io.closeStdin();
    }

    @Override
    public void resize(int width, int height) {
        io.resize(width, height);
    }

    @Override
    public void kill(int signal) {
        try {
            if (!process.signal(signal)) {
                throw new NotFoundException("process already finished");
            }
        } catch (SyscallException e) {
            throw new UnknownException(e.getMessage(), e);
        }
    }
}
