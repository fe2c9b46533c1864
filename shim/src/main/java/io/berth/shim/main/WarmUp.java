package io.berth.shim.main;

import io.berth.shim.cgroups.Cgroups;
import io.berth.shim.cgroups.Hierarchy;
import io.berth.shim.runtime.StageCache;
import io.berth.shim.server.TaskRehearsal;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What a pooled shim does while it waits for its task, after it has told berthd it is ready: a
 * rehearsal of a task's life ({@link TaskRehearsal}) and a call of its own server as berthd makes
 * them ({@link ShimTraining#call}), so that the first real Create runs warm code instead of
 * loading and interpreting it. Steps not begun when the task arrives are skipped; the one under
 * way finishes (its scratch directory and cgroup are removed) and {@link #await} waits for it.
 */
final class WarmUp {
    private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());
    private static final long AWAIT_MILLIS = 10_000;

    private final Path socket;
    private final Thread thread;
    private volatile boolean stopped;

    private WarmUp(Path socket) {
        this.socket = socket;
        this.thread = Thread.ofPlatform().daemon().name("berth-shim-warm-up").unstarted(this::run);
    }

    /** Starts warming up for the server listening on {@code socket}. */
    static WarmUp start(Path socket) {
        WarmUp w = new WarmUp(socket);
        w.thread.start();
        return w;
    }

    private static final String SCRATCH_PREFIX = "berth-rehearsal-";

    /** The scratch cgroup of this shim's rehearsal: its own name, removed afterwards. */
    static String scratchCgroup() {
        return "/" + SCRATCH_PREFIX + ProcessHandle.current().pid();
    }

    /**
     * Removes, in every hierarchy, the scratch cgroups of shims that are gone: a shim killed
     * during its rehearsal leaves its (by then empty) cgroup behind. One whose shim still runs,
     * or that still holds a process, stays.
     */
    static void sweepScratchCgroups(Cgroups cgroups) {
        List<Hierarchy> hierarchies = new ArrayList<>(cgroups.v1Hierarchies());
        cgroups.unified().ifPresent(hierarchies::add);
        for (Hierarchy h : hierarchies) {
            try (DirectoryStream<Path> scratch = Files.newDirectoryStream(h.mountpoint(), SCRATCH_PREFIX + "*")) {
                for (Path dir : scratch) {
                    if (!shimAlive(dir.getFileName().toString().substring(SCRATCH_PREFIX.length()))) {
                        Files.deleteIfExists(dir); // rmdir: refused for a cgroup still in use
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.fine("warm-up: scratch cgroups in " + h.mountpoint() + ": " + e);
            }
        }
    }

    private static boolean shimAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not a name this class makes: leave it
        }
    }

    /** The directory the rehearsal's scratch bundle goes in: the stage's state directory. */
    static Path scratchParent() {
        return StageCache.stateDir();
    }

    private void run() {
        long t0 = System.nanoTime();
        try {
            if (!stopped) {
                sweepScratchCgroups(Cgroups.detect());
                TaskRehearsal.run(scratchParent(), scratchCgroup());
            }
            long t1 = System.nanoTime();
            if (!stopped) {
                ShimTraining.call(socket, false);
            }
            LOG.fine("warm-up: rehearsal " + (t1 - t0) / 1_000_000 + " ms, self-call "
                    + (System.nanoTime() - t1) / 1_000_000 + " ms" + (stopped ? " (cut short by the task)" : ""));
        } catch (Exception e) {
            LOG.warning("warm-up: " + e); // the first task then runs colder code, nothing worse
        }
    }

    /** Skips the steps not yet begun. */
    void stop() {
        stopped = true;
    }

    /** Waits (bounded) for the step under way to finish. */
    void await() {
        stop();
        try {
            thread.join(AWAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
