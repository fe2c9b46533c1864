package io.berth.shim.runtime;

import java.nio.file.Path;

/**
 * Where a container process's standard streams go. Each stream is discarded, a pipe the caller
 * reads or writes through {@link ContainerProcess}, or a path: a regular file (appended to, or
 * read for stdin) or a FIFO the shim opens and copies to or from. With {@code terminal} the
 * process gets a pty made in the container, and stdin/stdout refer to its master (stderr is
 * merged into stdout as on any terminal).
 */
public record Stdio(Target stdin, Target stdout, Target stderr, boolean terminal) {
    /** One stream's target. */
    public sealed interface Target permits Discard, Pipe, File {
    }

    /** /dev/null. */
    public record Discard() implements Target {
    }

    /** A pipe exposed by {@link ContainerProcess#stdin()}, {@link ContainerProcess#stdout()}, ... */
    public record Pipe() implements Target {
    }

    /** A file or FIFO path. */
    public record File(Path path) implements Target {
    }

    public Stdio {
        stdin = stdin == null ? new Discard() : stdin;
        stdout = stdout == null ? new Discard() : stdout;
        stderr = stderr == null ? new Discard() : stderr;
    }

    public static Stdio discard() {
        return new Stdio(new Discard(), new Discard(), new Discard(), false);
    }

    public static Stdio pipes() {
        return new Stdio(new Pipe(), new Pipe(), new Pipe(), false);
    }

    /** containerd style: paths, empty for none. */
    public static Stdio paths(String stdin, String stdout, String stderr, boolean terminal) {
        return new Stdio(target(stdin), target(stdout), target(stderr), terminal);
    }

    private static Target target(String path) {
        return path == null || path.isEmpty() ? new Discard() : new File(Path.of(path));
    }
}
