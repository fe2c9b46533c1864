package io.berth.shim.runtime;

import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes this JVM a child subreaper and reaps the orphans it adopts (processes of containers
 * without their own pid namespace that outlive their parent), so no zombie stays behind.
 *
 * <p>The JDK reaps the children it spawned itself, each with waitpid(pid) on its own reaper
 * thread; calling waitpid(-1) would steal their statuses. So this reaper never waits on "any":
 * once a second it lists this process's children (/proc/self/task/TID/children), and reaps by pid
 * only those that are zombies, were not spawned through ProcessBuilder (registered here), and
 * were already zombies at the previous pass (a JDK child is reaped by the JDK at once).
 */
final class Reaper {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final Set<Long> SPAWNED = ConcurrentHashMap.newKeySet();

    private Reaper() {
    }

    static void ensureStarted() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        try {
            Syscalls.setChildSubreaper();
        } catch (SyscallException e) {
            throw new IllegalStateException("cannot become a child subreaper: " + e.getMessage(), e);
        }
        Thread.ofPlatform().daemon().name("berth-reaper").start(Reaper::loop);
    }

    /** A child spawned by the JDK: the JDK reaps it. */
    static void spawned(Process p) {
        SPAWNED.add(p.pid());
        p.onExit().thenRun(() -> SPAWNED.remove(p.pid()));
    }

    /** A child whose own waiter thread reaps it (see {@link SpawnedProcess}). */
    static void spawnedByUs(long pid) {
        SPAWNED.add(pid);
    }

    static void reaped(long pid) {
        SPAWNED.remove(pid);
    }

    private static void loop() {
        Set<Long> previous = Set.of();
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            previous = reapOnce(previous);
        }
    }

    /** One pass; returns the zombies seen now (for the next pass). */
    static Set<Long> reapOnce(Set<Long> previous) {
        Set<Long> zombies = new HashSet<>();
        for (long pid : children()) {
            if (!SPAWNED.contains(pid) && isZombie(pid)) {
                zombies.add(pid);
                if (previous.contains(pid)) {
                    try {
                        Syscalls.waitpid(pid, Syscalls.WNOHANG);
                    } catch (SyscallException ignored) {
                        // already reaped by someone else
                    }
                }
            }
        }
        return zombies;
    }

    private static Set<Long> children() {
        Set<Long> pids = new HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    for (String s : ProcFs.read(t.resolve("children")).trim().split("\\s+")) {
                        if (!s.isEmpty()) {
                            pids.add(Long.parseLong(s));
                        }
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // thread ended meanwhile
                }
            }
        } catch (IOException ignored) {
            // no /proc: nothing to do
        }
        return pids;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = ProcFs.read(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
