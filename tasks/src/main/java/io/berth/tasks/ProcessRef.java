package io.berth.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process that is not berthd's child (a shim, a container's init), named by pid and start time
 * so that a reused pid is not mistaken for it. Liveness is read from /proc; a zombie is dead.
 */
record ProcessRef(long pid, long startTime) {

    /** The process now running as {@code pid}, if any. */
    static Optional<ProcessRef> of(long pid) {
        return stat(pid).filter(s -> !s.zombie()).map(s -> new ProcessRef(pid, s.startTime()));
    }

    boolean alive() {
        return stat(pid).filter(s -> !s.zombie() && s.startTime() == startTime).isPresent();
    }

    /** SIGKILL, if it is still this process. */
    void kill() {
        if (alive()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    String encode() {
        return pid + " " + startTime;
    }

    static Optional<ProcessRef> decode(String s) {
        String[] f = s.strip().split("\\s+");
        try {
            return f.length == 2 ? Optional.of(new ProcessRef(Long.parseLong(f[0]), Long.parseLong(f[1])))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private record Stat(boolean zombie, long startTime) {
    }

    private static Optional<Stat> stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = s.lastIndexOf(')');
            String[] f = s.substring(close + 2).split(" ");
            // after the command: state is field 3 of stat(5), starttime field 22
            return Optional.of(new Stat(f[0].equals("Z") || f[0].equals("X"), Long.parseLong(f[19])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
