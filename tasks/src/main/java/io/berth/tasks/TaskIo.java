package io.berth.tasks;

/**
 * A process's standard streams as containerd clients give them: FIFO or file paths, empty for
 * none, and whether the process gets a terminal (then stderr is merged into stdout).
 */
public record TaskIo(String stdin, String stdout, String stderr, boolean terminal) {
    public static final TaskIo NONE = new TaskIo("", "", "", false);

    public TaskIo {
        stdin = stdin == null ? "" : stdin;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
