package io.berth.tasks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Shims started ahead of their tasks (the shim's {@code pool} verb), so that creating a task does
 * not wait for a JVM to start (DESIGN.md, "Start-up cost", route 1). The pool keeps {@code size}
 * of them ready; {@link #assign} hands one its task. When none is ready, {@link #assign} asks for
 * one more and takes the first that becomes ready (one already starting, or its own), so a burst
 * of tasks waits for shims started in parallel rather than each starting a shim of its own
 * through the slower {@code start} verb. At most {@code parallel} shims start at a time: each
 * start costs about a CPU-second, and more at once only makes all of them later.
 *
 * <p>A pooled shim is berthd's child in a session of its own and reads its assignment on stdin:
 * when berthd closes the pool, stops or dies, the shim sees the end of its input and exits, so
 * idle shims never outlive berthd and recovery (which reads bundles) never meets one.
 *
 * <p><b>Reuse.</b> berthd keeps the pipes of a shim it assigned, unread while its task lives (a
 * thread blocked on each would starve the virtual-thread scheduler). When the task's init process
 * is deleted ({@link #release}), the shim (its container gone without a trace) says {@code free};
 * if the pool has room (counting the tasks waiting for a shim) berthd answers {@code again} and
 * the shim comes back as an idle one, with a new socket and sandbox, else berthd closes its pipe
 * and it exits. A reused shim costs a sandbox's JVM (about a quarter of a CPU-second) instead of a new shim's
 * (about 1.3 CPU-seconds, which back-to-back tasks otherwise pay during the next task). So that
 * a short task's shim can come back, a shim taken less than {@link #RETURN_GRACE} ago counts
 * towards the pool's size; only after that is it replaced. The shim bounds its own reuses
 * ({@code PooledShim.MAX_TASKS}). If berthd dies meanwhile, the shim finds its pipe broken after
 * the task and exits; a new berthd's pool starts shims of its own.
 */
final class ShimPool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShimPool.class.getName());
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final Duration ASSIGN_LIMIT = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    /** How long a shim whose task was deleted may take to say it is free (it stops its server first). */
    private static final Duration RELEASE_LIMIT = Duration.ofSeconds(15);
    /**
     * A taken shim is replaced after this pause, so the new JVM does not compete with the task's
     * set-up; short, since back-to-back tasks drain a pool whose refill lags.
     */
    private static final Duration REFILL_DELAY = Duration.ofMillis(200);
    /**
     * How long a taken shim counts towards the pool's size by default, in case its task ends soon
     * and it comes back; the system property {@value #RETURN_GRACE_PROPERTY} (ms) overrides it.
     */
    static final Duration RETURN_GRACE = Duration.ofSeconds(3);
    static final String RETURN_GRACE_PROPERTY = "berth.shimPool.returnGraceMs";

    /** A shim serving a task, and when it was taken. */
    private record Serving(Idle shim, long takenAt) {
    }

    /** One started, idle shim: its process, its socket, and the pipes to it. */
    private record Idle(Process process, String socket, BufferedReader out, OutputStream in) {
        /** Ends the shim: end of input first (it exits by itself), then signals; removes its socket. */
        void discard() {
            try {
                in.close();
            } catch (IOException ignored) {
                // gone already
            }
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            if (!socket.isEmpty() && !process.isAlive()) {
                try {
                    Files.deleteIfExists(Path.of(socket));
                } catch (IOException | RuntimeException ignored) {
                    // a leftover socket file is harmless
                }
            }
        }
    }

    private final int size;
    private final int parallel;
    private final Duration returnGrace;
    private final Supplier<List<String>> command;
    private final Path workDir;
    private final Path log;
    private final LinkedBlockingDeque<Idle> idle = new LinkedBlockingDeque<>();
    /** Shims this pool handed a task, by pid, until their task is deleted or they end. */
    private final Map<Long, Serving> serving = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Shims being started; guarded by {@link #lock}. */
    private int starting;
    /** Shims whose task was deleted, until they said whether they are free; guarded by {@link #lock}. */
    private int releasing;
    /** {@link #assign} calls waiting for a shim; guarded by {@link #lock}. */
    private int waiting;
    /** Whether {@link #start} was called: until then only waiting tasks get shims started. */
    private boolean filling;
    /** How many starts failed; guarded by {@link #lock}. */
    private long failures;
    /** Until when (System.nanoTime) the pool does not refill after a failed start; guarded by {@link #lock}. */
    private long pausedUntil;
    private volatile boolean closed;

    /**
     * @param size how many idle shims to keep (0: none, and {@link #assign} never waits)
     * @param command the shim command with its flags, verb excluded (asked anew for each start,
     *     so a cache built meanwhile is used)
     * @param workDir the shims' working directory, where their log before assignment is kept
     */
    ShimPool(int size, Supplier<List<String>> command, Path workDir) {
        this.size = size;
        this.parallel = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.returnGrace = Duration.ofMillis(Long.getLong(RETURN_GRACE_PROPERTY, RETURN_GRACE.toMillis()));
        this.command = command;
        this.workDir = workDir;
        this.log = workDir.resolve("pool.log");
    }

    /** Starts filling the pool in the background. */
    void start() {
        if (size > 0) {
            synchronized (lock) {
                filling = true;
            }
            topUp();
        }
    }

    int size() {
        return size;
    }

    /** How many started shims are waiting for a task. */
    int idle() {
        return idle.size();
    }

    /** The pids of the idle shims. */
    List<Long> idlePids() {
        return idle.stream().map(s -> s.process().pid()).toList();
    }

    /**
     * Starts shims (in the background) until the idle ones and those starting cover the pool's
     * size plus the waiting tasks, at most {@link #parallel} at a time; shims that may come back
     * soon count towards the size (see the class comment).
     */
    private void topUp() {
        synchronized (lock) {
            boolean paused = failures > 0 && pausedUntil - System.nanoTime() > 0;
            long now = System.nanoTime();
            long returning = releasing
                    + serving.values().stream().filter(s -> now - s.takenAt() < returnGrace.toNanos()).count();
            int wanted = (int) Math.max(0, (filling && !paused ? size : 0) - returning) + waiting;
            while (!closed && starting < parallel && idle.size() + starting < wanted) {
                LOG.log(Level.DEBUG, "starting a pooled shim: {0} idle, {1} starting, {2} may come back, {3} waiting",
                        idle.size(), starting, returning, waiting);
                starting++;
                Thread.ofVirtual().name("berth-shim-pool-start").start(this::startOne);
            }
        }
    }

    private void startOne() {
        Optional<Idle> s = Optional.empty();
        try {
            s = closed ? Optional.empty() : spawn();
        } finally {
            arrived(s);
        }
    }

    /** A shim that was counted as starting is ready (or failed): into the pool unless surplus. */
    private void arrived(Optional<Idle> s) {
        boolean surplus;
        synchronized (lock) {
            starting--;
            if (s.isEmpty() && !closed) {
                failures++;
                pausedUntil = System.nanoTime() + RETRY_PAUSE.toNanos();
            }
            // a task that asked for this shim may have taken another one meanwhile
            surplus = s.isPresent() && idle.size() >= (filling ? size : 0) + waiting;
            if (s.isPresent() && !surplus) {
                idle.add(s.get());
            }
            lock.notifyAll();
        }
        if (s.isPresent() && (surplus || closed && idle.remove(s.get()))) {
            s.get().discard();
        }
        if (s.isEmpty() && !closed) {
            refillAfter(RETRY_PAUSE);
        } else {
            topUp();
        }
    }

    private Optional<Idle> spawn() {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString()); // berthd's child, but in a session of its own
        }
        cmd.addAll(command.get());
        cmd.add("pool");
        long t0 = System.nanoTime();
        Process p;
        try {
            Files.createDirectories(workDir);
            p = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot start a pooled shim: {0}", e.getMessage());
            return Optional.empty();
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Idle s = null;
        try {
            String line = readLine(out, READY_LIMIT);
            if (line != null && line.startsWith("ready ")) {
                s = new Idle(p, line.substring("ready ".length()), out, p.getOutputStream());
                LOG.log(Level.DEBUG, "pooled shim {0} ready in {1} ms", p.pid(), (System.nanoTime() - t0) / 1_000_000);
                return Optional.of(s);
            }
            LOG.log(Level.WARNING, "pooled shim {0} did not start (said {1}); see {2}", p.pid(), line, log);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "pooled shim {0} not ready within {1}s", p.pid(), READY_LIMIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        new Idle(p, "", out, p.getOutputStream()).discard();
        return Optional.empty();
    }

    /**
     * Hands a started shim the task {@code namespace/id} in {@code bundle}; returns the address it
     * now serves on. When no shim is idle, waits for one being started (asking for one more),
     * unless the pool is disabled; empty when none could be had (the caller starts one cold).
     */
    Optional<String> assign(String namespace, String id, Path bundle) {
        String b = bundle.toString();
        if (b.contains("\t") || b.contains("\n") || size <= 0) {
            return Optional.empty();
        }
        Idle s;
        while ((s = take()) != null) {
            refillAfter(REFILL_DELAY);
            refillAfter(returnGrace.plus(REFILL_DELAY));
            if (!s.process().isAlive()) {
                serving.remove(s.process().pid());
                s.discard();
                continue;
            }
            try {
                s.in().write(("assign\t" + namespace + "\t" + id + "\t" + b + "\n").getBytes(StandardCharsets.UTF_8));
                s.in().flush();
                String reply = readLine(s.out(), ASSIGN_LIMIT);
                if (reply != null && reply.startsWith("ok ")) {
                    Serving v = serving.get(s.process().pid());
                    // its pipes are kept for after the task (no thread reads them meanwhile); the JDK
                    // reaps the process, and then they are closed
                    s.process().onExit().thenRun(() -> {
                        if (v != null && serving.remove(v.shim().process().pid(), v)) {
                            closeQuietly(v.shim());
                        }
                    });
                    return Optional.of(reply.substring("ok ".length()));
                }
                LOG.log(Level.WARNING, "pooled shim {0} refused task {1}: {2}", s.process().pid(), id, reply);
            } catch (IOException | TimeoutException e) {
                LOG.log(Level.WARNING, "pooled shim {0} failed for task {1}: {2}", s.process().pid(), id, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                serving.remove(s.process().pid());
                s.discard();
                return Optional.empty();
            }
            serving.remove(s.process().pid());
            s.discard();
        }
        return Optional.empty();
    }

    /**
     * An idle shim: one at hand, else the first to become ready of those starting (one more is
     * started for this caller). Null when a start fails meanwhile, the pool closes or
     * {@link #READY_LIMIT} passes.
     */
    private Idle take() {
        Idle s;
        synchronized (lock) {
            s = taken(idle.poll());
        }
        if (s != null || closed) {
            return s;
        }
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        long failed;
        synchronized (lock) {
            waiting++;
            failed = failures;
        }
        try {
            topUp();
            synchronized (lock) {
                while ((s = taken(idle.poll())) == null) {
                    long left = deadline - System.nanoTime();
                    if (closed || left <= 0 || failures != failed) {
                        return null;
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
                return s;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            synchronized (lock) {
                waiting--;
            }
        }
    }

    /**
     * Counts {@code s} (if not null) as serving from now on, so that the pool does not replace it
     * while its task may still end soon; guarded by {@link #lock}, as the pool's counts.
     */
    private Idle taken(Idle s) {
        if (s != null) {
            serving.put(s.process().pid(), new Serving(s, System.nanoTime()));
        }
        return s;
    }

    private void refillAfter(Duration delay) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                // refill now
            }
            topUp();
        });
    }

    /**
     * The task of shim {@code pid} was deleted: if this pool handed it the task, the shim says
     * {@code free} once it is done with it, and this pool takes it back if it has room (see the
     * class comment), else lets it exit. Returns a future done once the shim is free or gone;
     * empty for a shim this pool did not hand out.
     */
    Optional<CompletableFuture<Void>> release(long pid) {
        Serving v;
        synchronized (lock) {
            v = serving.remove(pid);
            if (v == null) {
                return Optional.empty();
            }
            releasing++;
        }
        CompletableFuture<Void> freed = new CompletableFuture<>();
        Thread.ofVirtual().name("berth-shim-pool-release").start(() -> takeBack(v.shim(), freed));
        return Optional.of(freed);
    }

    private void takeBack(Idle s, CompletableFuture<Void> freed) {
        String line = null;
        try {
            line = readLine(s.out(), RELEASE_LIMIT);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "shim {0} did not say it was free within {1}s", s.process().pid(),
                    RELEASE_LIMIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean again;
        synchronized (lock) {
            releasing--;
            again = "free".equals(line) && !closed && idle.size() + starting < (filling ? size : 0) + waiting;
            if (again) {
                starting++;
            }
        }
        freed.complete(null);
        if (!again) {
            LOG.log(Level.DEBUG, "shim {0} exits after its task (said {1}; pool: {2} idle, {3} starting)",
                    s.process().pid(), line, idle.size(), starting);
            closeQuietly(s); // it exits at the end of its input
            topUp();
            return;
        }
        Optional<Idle> back = Optional.empty();
        try {
            s.in().write("again\n".getBytes(StandardCharsets.UTF_8));
            s.in().flush();
            String ready = readLine(s.out(), READY_LIMIT);
            if (ready != null && ready.startsWith("ready ")) {
                back = Optional.of(new Idle(s.process(), ready.substring("ready ".length()), s.out(), s.in()));
                LOG.log(Level.DEBUG, "shim {0} is back in the pool", s.process().pid());
            } else {
                LOG.log(Level.WARNING, "shim {0} did not come back to the pool (said {1})", s.process().pid(), ready);
            }
        } catch (IOException | TimeoutException e) {
            LOG.log(Level.WARNING, "shim {0} did not come back to the pool: {1}", s.process().pid(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (back.isEmpty()) {
            s.discard();
            synchronized (lock) {
                starting--;
                lock.notifyAll();
            }
            topUp();
            return;
        }
        arrived(back);
    }

    private static void closeQuietly(Idle s) {
        try {
            s.in().close();
            s.out().close();
        } catch (IOException ignored) {
            // the shim keeps running; only berthd's ends of its pipes are closed
        }
    }

    private static String readLine(BufferedReader r, Duration limit) throws TimeoutException, InterruptedException {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                f.complete(r.readLine());
            } catch (IOException e) {
                f.complete(null);
            }
        });
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return null;
        } catch (TimeoutException | InterruptedException e) {
            reader.interrupt();
            throw e;
        }
    }

    /**
     * Stops filling and ends every idle shim, once those being started are ready (or failed).
     * Shims serving a task keep serving it; they exit after it, as they would if berthd died.
     */
    @Override
    public void close() {
        closed = true;
        for (Serving v : serving.values()) {
            try {
                v.shim().in().close(); // the shim reads it only after its task, and then exits
            } catch (IOException ignored) {
                // gone already
            }
        }
        long deadline = System.nanoTime() + READY_LIMIT.toNanos() + 5_000_000_000L;
        synchronized (lock) {
            lock.notifyAll();
            try {
                while (starting > 0 && deadline - System.nanoTime() > 0) { // a start ends within READY_LIMIT
                    lock.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Idle> all = new ArrayList<>();
        idle.drainTo(all);
        for (Idle s : all) {
            try {
                s.in().close(); // all at once: each exits by itself
            } catch (IOException ignored) {
                // gone already
            }
        }
        all.forEach(Idle::discard);
    }
}
