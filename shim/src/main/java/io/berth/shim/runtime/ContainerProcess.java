package io.berth.shim.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A process of a container: its init or an exec'd process. */
public interface ContainerProcess {
    /** The process id in the host's pid namespace. */
    long pid();

    /** Completes when the process has exited and its output has been copied. */
    CompletableFuture<ExitStatus> exit();

    /** The write end of stdin when it is a {@link Stdio.Pipe} (or the terminal's input). */
    Optional<OutputStream> stdin();

    /** The read end of stdout when it is a {@link Stdio.Pipe} (or the terminal's output). */
    Optional<InputStream> stdout();

    /** The read end of stderr when it is a {@link Stdio.Pipe}. */
    Optional<InputStream> stderr();

    /** Closes the process's stdin (end of input). */
    void closeStdin();

    /** Sets the terminal size; fails with FailedPreconditionException without a terminal. */
    void resize(int width, int height);

    /** Sends {@code signal}; NotFoundException if the process has already exited. */
    void kill(int signal);
}
