package io.berth.tasks;

import io.berth.shim.aot.AotCache;
import io.berth.shim.runtime.StageCache;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ahead-of-time caches of the shim's JVM and of the init stage's JVM (DESIGN.md, "Start-up
 * cost", route 2), built by berthd in the background at start-up: a shim lives no longer than
 * its container, too short to train one. Until a cache exists, JVMs start without it; a cache of
 * other jars or another JDK has another name and is replaced.
 */
final class ShimCache implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShimCache.class.getName());
    private static final Duration TRAINING_LIMIT = Duration.ofMinutes(3);

    private final TaskConfig config;
    private final AotCache shim;
    private final Set<Process> training = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ShimCache(TaskConfig config) {
        this.config = config;
        this.shim = config.shimMain().isEmpty() ? null : AotCache.of(config.aotDir(), "shim", config.shimJvm());
    }

    /** The shim command, with the shim's cache once it exists. */
    List<String> shimCommand() {
        if (shim == null) {
            return config.shimCommand();
        }
        List<String> cmd = new ArrayList<>(shim.apply(config.shimJvm()));
        cmd.addAll(config.shimMain());
        return cmd;
    }

    /** Builds the stage's cache, then the shim's, unless current ones exist. */
    void build() {
        long t0 = System.nanoTime();
        try {
            boolean stage = StageCache.build(config.shimDir(), config.aotDir(), TRAINING_LIMIT, this::track);
            boolean shimReady = false;
            if (shim != null && !closed) {
                List<String> train = new ArrayList<>(config.shimMain());
                train.add("train");
                shimReady = shim.build(config.shimJvm(), train, TRAINING_LIMIT, this::track);
            }
            LOG.log(Level.DEBUG, "AOT caches in {0}: stage {1}, shim {2} ({3} ms)", config.aotDir(),
                    stage ? "ready" : "none", shimReady ? "ready" : "none", (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "cannot build the AOT caches in {0}: {1}", config.aotDir(), e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void track(Process p) {
        training.add(p);
        p.onExit().thenRun(() -> training.remove(p));
        if (closed) {
            p.destroyForcibly();
        }
    }

    /** Stops any training run. */
    @Override
    public void close() {
        closed = true;
        for (Process p : training) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
