package io.berth.tasks;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.berth.api.anys.Anys;
import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.filters.Filter;
import io.berth.api.filters.Filters;
import io.berth.api.runc.v1.ProcessDetails;
import io.berth.api.task.v2.CloseIORequest;
import io.berth.api.task.v2.ConnectRequest;
import io.berth.api.task.v2.CreateTaskRequest;
import io.berth.api.task.v2.DeleteRequest;
import io.berth.api.task.v2.DeleteResponse;
import io.berth.api.task.v2.ExecProcessRequest;
import io.berth.api.task.v2.KillRequest;
import io.berth.api.task.v2.PauseRequest;
import io.berth.api.task.v2.PidsRequest;
import io.berth.api.task.v2.ResizePtyRequest;
import io.berth.api.task.v2.ResumeRequest;
import io.berth.api.task.v2.ShutdownRequest;
import io.berth.api.task.v2.StartRequest;
import io.berth.api.task.v2.StateRequest;
import io.berth.api.task.v2.StateResponse;
import io.berth.api.task.v2.StatsRequest;
import io.berth.api.task.v2.UpdateTaskRequest;
import io.berth.api.task.v2.WaitRequest;
import io.berth.api.task.v2.WaitResponse;
import io.berth.api.types.task.ProcessInfo;
import io.berth.api.validation.Identifiers;
import io.berth.events.Exchange;
import io.berth.metadata.Container;
import io.berth.metadata.TypedValue;
import io.berth.metadata.local.Containers;
import io.berth.mount.Mount;
import io.berth.mount.Mounter;
import io.berth.shim.main.ShimAddress;
import io.berth.shim.server.ProtoTime;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The {@link TaskManager}: a berth-shim per task (started with its {@code start} verb, reached on
 * its socket), bundles under {@code <state>/tasks}, rootfs mounts, and recovery. On start it
 * reconnects to the shims of existing bundles and cleans up after dead ones; while running, a
 * monitor notices shims that die (SIGKILL) and reports their tasks stopped with exit 255.
 */
public final class LocalTaskManager implements TaskManager {
    private static final System.Logger LOG = System.getLogger(LocalTaskManager.class.getName());
    private static final Duration MONITOR_PERIOD = Duration.ofMillis(500);
    private static final Duration SHIM_EXIT_WAIT = Duration.ofSeconds(5);
    /** Connect calls (each with the usual deadline) to a shim that answers slowly, at start-up. */
    private static final int RECONNECT_ATTEMPTS = 3;

    private final TaskConfig config;
    private final Containers containers;
    private final Mounter mounter;
    private final ShimCache cache;
    private final ShimLauncher launcher;
    private final Thread warmUp;
    private final DeadShimCleanup deadShims;
    private final Map<String, TaskHandle> tasks = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Thread monitor;
    private volatile boolean closed;

    private LocalTaskManager(TaskConfig config, Containers containers, Exchange events, Mounter mounter) {
        this.config = config;
        this.containers = containers;
        this.mounter = mounter;
        this.cache = new ShimCache(config);
        this.launcher = new ShimLauncher(config, cache);
        this.warmUp = Thread.ofPlatform().daemon().name("berth-shim-warm-up").unstarted(() -> {
            cache.build();
            if (!closed) {
                launcher.pool().start();
            }
        });
        this.deadShims = new DeadShimCleanup(events, mounter, Clock.systemUTC());
        this.monitor = Thread.ofPlatform().daemon().name("berth-shim-monitor").unstarted(this::monitor);
    }

    /**
     * Opens the task manager: recovers the bundles under the state directory (live shims are
     * reconnected, dead ones cleaned up), then watches the shims.
     */
    public static LocalTaskManager open(TaskConfig config, Containers containers, Exchange events, Mounter mounter) {
        LocalTaskManager m = new LocalTaskManager(config, containers, events, mounter);
        try {
            java.nio.file.Files.createDirectories(config.tasksDir());
            java.nio.file.Files.createDirectories(config.socketDir());
        } catch (IOException e) {
            throw new io.berth.api.errors.UnknownException("cannot create " + config.tasksDir() + ": " + e.getMessage(),
                    e);
        }
        m.recover();
        m.monitor.start();
        m.warmUp.start();
        return m;
    }

    /** The pool of started shims (for tests and diagnostics). */
    ShimPool shimPool() {
        return launcher.pool();
    }

    // ---- recovery and shim liveness

    private void recover() {
        List<Bundle> bundles;
        try {
            bundles = Bundle.list(config.tasksDir());
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot list task bundles in " + config.tasksDir(), e);
            return;
        }
        // concurrently: one slow shim (a loaded machine) must not hold up the others
        List<Thread> threads = new ArrayList<>();
        for (Bundle b : bundles) {
            threads.add(Thread.ofVirtual().name("berth-recover-" + b.id).start(() -> recover(b)));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void recover(Bundle b) {
        try {
            reconnect(b).ifPresentOrElse(h -> {
                tasks.put(h.key(), h);
                LOG.log(Level.INFO, "reconnected to the shim of task {0} (shim pid {1})", b, h.shim.pid());
            }, () -> deadShims.cleanup(b, 0));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "recovery of task " + b + " failed", e);
        }
    }

    /**
     * Connects to the shim of {@code b}. Empty when the shim is gone (nothing listens on its
     * socket) or has no task. A shim that is alive but slow to answer is asked again, since
     * treating it as dead would kill its container.
     */
    private Optional<TaskHandle> reconnect(Bundle b) {
        Optional<String> address;
        try {
            address = ShimAddress.read(b.dir);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (address.isEmpty()) {
            return Optional.empty();
        }
        ShimClient client = new ShimClient(address.get());
        for (int attempt = 1; ; attempt++) {
            try {
                return connect(b, client);
            } catch (BerthException e) {
                if (ShimClient.unreachable(e) || attempt == RECONNECT_ATTEMPTS) {
                    LOG.log(Level.WARNING, "cannot reach the shim of task {0}: {1}", b, e.getMessage());
                    client.close();
                    return Optional.empty();
                }
                LOG.log(Level.WARNING, "the shim of task {0} did not answer (attempt {1}): {2}", b, attempt,
                        e.getMessage());
            }
        }
    }

    private Optional<TaskHandle> connect(Bundle b, ShimClient client) {
        var r = client.call(s -> s.connect(ConnectRequest.newBuilder().setId(b.id).build()));
        Optional<ProcessRef> shim = ProcessRef.of(Integer.toUnsignedLong(r.getShimPid()));
        if (shim.isEmpty()) {
            client.close();
            return Optional.empty();
        }
        if (r.getTaskPid() == 0) {
            // the shim never got its task created: stop it
            shutdown(client, b.id);
            client.close();
            awaitExit(shim.get());
            return Optional.empty();
        }
        return Optional.of(new TaskHandle(b, client, shim.get(), Integer.toUnsignedLong(r.getTaskPid())));
    }

    private void monitor() {
        while (!closed) {
            try {
                Thread.sleep(MONITOR_PERIOD);
            } catch (InterruptedException e) {
                return;
            }
            for (TaskHandle h : tasks.values()) {
                if (!h.shim.alive()) {
                    lost(h);
                }
            }
        }
    }

    /** The task's shim is gone: report the task stopped and deleted, and clean up (once). */
    private void lost(TaskHandle h) {
        ReentrantLock lock = lock(h.key());
        lock.lock();
        try {
            if (tasks.get(h.key()) != h) {
                return;
            }
            tasks.remove(h.key());
            h.client.close();
            h.lost.complete(deadShims.cleanup(h.bundle, h.initPid));
        } finally {
            lock.unlock();
        }
    }

    /** Runs a shim call; if the shim cannot be reached and is dead, cleans up and reports the task gone. */
    private <T> T shimCall(TaskHandle h, Function<ShimClient, T> call) {
        try {
            return call.apply(h.client);
        } catch (BerthException e) {
            if (ShimClient.unreachable(e) && !h.shim.alive()) {
                lost(h);
                throw taskNotFound(h.bundle.id);
            }
            throw e;
        }
    }

    // ---- Tasks

    @Override
    public long create(String namespace, NewTask task) {
        String id = task.containerId();
        Container container = containers.get(namespace, id);
        Runtimes.require(task.runtimePath().isEmpty() ? container.runtime().name() : task.runtimePath());
        String key = TaskHandle.key(namespace, id);
        ReentrantLock lock = lock(key);
        lock.lock();
        try {
            if (tasks.containsKey(key)) {
                throw new AlreadyExistsException("task " + id);
            }
            long t0 = System.nanoTime();
            byte[] spec = container.spec() == null ? new byte[0] : container.spec().value();
            Bundle bundle = newBundle(namespace, id, spec);
            ShimClient client = null;
            Optional<ProcessRef> shim = Optional.empty();
            try {
                bundle.mountRootfs(mounter, task.rootfs());
                long t1 = System.nanoTime();
                Any options = task.options() != null ? task.options() : any(container.runtime().options());
                client = new ShimClient(launcher.start(bundle, options));
                long t2 = System.nanoTime();
                ShimClient c = client;
                var connected = c.call(s -> s.connect(ConnectRequest.newBuilder().setId(id).build()));
                long t3 = System.nanoTime();
                shim = ProcessRef.of(Integer.toUnsignedLong(connected.getShimPid()));
                CreateTaskRequest.Builder req = CreateTaskRequest.newBuilder()
                        .setId(id)
                        .setBundle(bundle.dir.toString())
                        .setStdin(task.io().stdin())
                        .setStdout(task.io().stdout())
                        .setStderr(task.io().stderr())
                        .setTerminal(task.io().terminal());
                for (Mount m : task.rootfs()) {
                    req.addRootfs(io.berth.api.types.Mount.newBuilder().setType(m.type()).setSource(m.source())
                            .setTarget(m.target()).addAllOptions(m.options()));
                }
                if (options != null) {
                    req.setOptions(options);
                }
                long pid;
                try {
                    pid = Integer.toUnsignedLong(c.callLong(s -> s.create(req.build())).getPid());
                } catch (BerthException e) {
                    throw e.withPrefix("failed to create shim task");
                }
                if (shim.isEmpty()) {
                    throw new io.berth.api.errors.UnknownException("failed to start shim: shim exited");
                }
                ProcessRef.of(pid).ifPresent(bundle::recordInit);
                tasks.put(key, new TaskHandle(bundle, c, shim.get(), pid));
                LOG.log(Level.DEBUG, "create {0}/{1}: bundle+rootfs {2} ms, shim {3} ms, connect {4} ms, "
                        + "shim create {5} ms", namespace, id, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2),
                        ms(System.nanoTime() - t3));
                return pid;
            } catch (RuntimeException e) {
                abandon(bundle, client, shim);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private Bundle newBundle(String namespace, String id, byte[] spec) {
        try {
            return Bundle.create(config.tasksDir(), namespace, id, spec);
        } catch (AlreadyExistsException e) {
            // a leftover of a task that no longer exists (its shim is gone)
            Bundle stale = Bundle.at(config.tasksDir(), namespace, id);
            deadShims.cleanup(stale, 0);
            return Bundle.create(config.tasksDir(), namespace, id, spec);
        }
    }

    private void abandon(Bundle bundle, ShimClient client, Optional<ProcessRef> shim) {
        if (client != null) {
            try {
                client.call(s -> s.shutdown(ShutdownRequest.newBuilder().setId(bundle.id).setNow(true).build()));
            } catch (BerthException ignored) {
                // the shim is gone already
            }
            client.close();
        }
        shim.ifPresent(s -> {
            if (!awaitExit(s)) {
                s.kill();
            }
        });
        try {
            bundle.delete(mounter);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot remove bundle " + bundle.dir, e);
        }
    }

    private static Any any(TypedValue v) {
        return v == null ? null : Any.newBuilder().setTypeUrl(v.typeUrl()).setValue(ByteString.copyFrom(v.value()))
                .build();
    }

    @Override
    public long start(String namespace, String containerId, String execId) {
        TaskHandle h = task(namespace, containerId);
        return Integer.toUnsignedLong(shimCall(h, c -> c.callLong(s -> s.start(StartRequest.newBuilder()
                .setId(containerId).setExecId(execId).build()))).getPid());
    }

    @Override
    public ExitResult delete(String namespace, String containerId) {
        TaskHandle h = task(namespace, containerId);
        ReentrantLock lock = lock(h.key());
        lock.lock();
        try {
            if (tasks.get(h.key()) != h) {
                throw taskNotFound(containerId);
            }
            long t0 = System.nanoTime();
            DeleteResponse r = shimCall(h, c -> c.call(s -> s.delete(DeleteRequest.newBuilder().setId(containerId)
                    .build())));
            long t1 = System.nanoTime();
            tasks.remove(h.key());
            Optional<CompletableFuture<Void>> freed = launcher.pool().release(h.shim.pid());
            shutdown(h.client, containerId);
            h.client.close();
            // the shim has stopped its task and winds its JVM down on its own, or (a pooled shim)
            // goes back to the pool; the caller does not wait for that (nor does containerd's), a
            // watcher kills it if it lingers
            Thread.ofVirtual().name("berth-shim-exit-" + containerId).start(() -> {
                if (!awaitExit(h.shim, freed)) {
                    LOG.log(Level.WARNING, "shim of task {0} did not exit; killing it", h.bundle);
                    h.shim.kill();
                }
            });
            long t2 = System.nanoTime();
            try {
                h.bundle.delete(mounter);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "cannot remove bundle " + h.bundle.dir, e);
            }
            LOG.log(Level.DEBUG, "delete {0}: shim delete {1} ms, shutdown {2} ms, bundle {3} ms",
                    h.bundle, ms(t1 - t0), ms(t2 - t1), ms(System.nanoTime() - t2));
            return exit(r.getPid(), r.getExitStatus(), r.hasExitedAt() ? r.getExitedAt() : null);
        } finally {
            lock.unlock();
            locks.remove(h.key(), lock);
        }
    }

    @Override
    public ExitResult deleteProcess(String namespace, String containerId, String execId) {
        TaskHandle h = task(namespace, containerId);
        DeleteResponse r = shimCall(h, c -> c.call(s -> s.delete(DeleteRequest.newBuilder().setId(containerId)
                .setExecId(execId).build())));
        return exit(r.getPid(), r.getExitStatus(), r.hasExitedAt() ? r.getExitedAt() : null);
    }

    @Override
    public ProcessStatus get(String namespace, String containerId, String execId) {
        return state(task(namespace, containerId), execId);
    }

    private ProcessStatus state(TaskHandle h, String execId) {
        StateResponse r = shimCall(h, c -> c.call(s -> s.state(StateRequest.newBuilder().setId(h.bundle.id)
                .setExecId(execId).build())));
        return new ProcessStatus(r.getId(), Integer.toUnsignedLong(r.getPid()), r.getStatus(),
                new TaskIo(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()), r.getExitStatus(),
                r.hasExitedAt() ? Optional.of(ProtoTime.toInstant(r.getExitedAt())) : Optional.empty());
    }

    @Override
    public List<ProcessStatus> list(String namespace) {
        List<ProcessStatus> out = new ArrayList<>();
        for (TaskHandle h : handles(namespace)) {
            try {
                out.add(state(h, ""));
            } catch (NotFoundException e) {
                // deleted meanwhile
            } catch (BerthException e) {
                LOG.log(Level.WARNING, "state of task {0}: {1}", h.bundle, e.getMessage());
            }
        }
        return out;
    }

    @Override
    public void kill(String namespace, String containerId, String execId, int signal, boolean all) {
        TaskHandle h = task(namespace, containerId);
        shimCall(h, c -> c.call(s -> s.kill(KillRequest.newBuilder().setId(containerId).setExecId(execId)
                .setSignal(signal).setAll(all).build())));
    }

    @Override
    public void exec(String namespace, String containerId, String execId, TaskIo io, Any spec) {
        if (execId.isEmpty()) {
            throw new InvalidArgumentException("exec id cannot be empty");
        }
        TaskHandle h = task(namespace, containerId);
        try {
            Identifiers.validate(execId);
        } catch (BerthException e) {
            throw e.withPrefix("invalid exec id " + execId);
        }
        ExecProcessRequest.Builder req = ExecProcessRequest.newBuilder().setId(containerId).setExecId(execId)
                .setStdin(io.stdin()).setStdout(io.stdout()).setStderr(io.stderr()).setTerminal(io.terminal());
        if (spec != null) {
            req.setSpec(spec);
        }
        shimCall(h, c -> c.call(s -> s.exec(req.build())));
    }

    @Override
    public void resizePty(String namespace, String containerId, String execId, int width, int height) {
        TaskHandle h = task(namespace, containerId);
        shimCall(h, c -> c.call(s -> s.resizePty(ResizePtyRequest.newBuilder().setId(containerId).setExecId(execId)
                .setWidth(width).setHeight(height).build())));
    }

    @Override
    public void closeStdin(String namespace, String containerId, String execId) {
        TaskHandle h = task(namespace, containerId);
        shimCall(h, c -> c.call(s -> s.closeIO(CloseIORequest.newBuilder().setId(containerId).setExecId(execId)
                .setStdin(true).build())));
    }

    @Override
    public void pause(String namespace, String containerId) {
        TaskHandle h = task(namespace, containerId);
        shimCall(h, c -> c.call(s -> s.pause(PauseRequest.newBuilder().setId(containerId).build())));
    }

    @Override
    public void resume(String namespace, String containerId) {
        TaskHandle h = task(namespace, containerId);
        shimCall(h, c -> c.call(s -> s.resume(ResumeRequest.newBuilder().setId(containerId).build())));
    }

    @Override
    public List<PidInfo> pids(String namespace, String containerId) {
        TaskHandle h = task(namespace, containerId);
        var r = shimCall(h, c -> c.call(s -> s.pids(PidsRequest.newBuilder().setId(containerId).build())));
        List<PidInfo> out = new ArrayList<>();
        for (ProcessInfo p : r.getProcessesList()) {
            String exec = "";
            if (p.hasInfo() && Anys.is(p.getInfo(), ProcessDetails.class)) {
                exec = Anys.unpack(p.getInfo(), ProcessDetails.class).getExecId();
            }
            out.add(new PidInfo(Integer.toUnsignedLong(p.getPid()), exec));
        }
        return out;
    }

    @Override
    public void update(String namespace, String containerId, Any resources, Map<String, String> annotations) {
        TaskHandle h = task(namespace, containerId);
        UpdateTaskRequest.Builder req = UpdateTaskRequest.newBuilder().setId(containerId)
                .putAllAnnotations(annotations == null ? Map.of() : annotations);
        if (resources != null) {
            req.setResources(resources);
        }
        shimCall(h, c -> c.call(s -> s.update(req.build())));
    }

    @Override
    public List<TaskMetric> metrics(String namespace, List<String> filters) {
        Filter filter = Filters.parse(filters);
        List<TaskMetric> out = new ArrayList<>();
        for (TaskHandle h : handles(namespace)) {
            boolean match = filter.match(path -> switch (path.getFirst()) {
                case "id" -> Optional.of(h.bundle.id);
                case "namespace" -> Optional.of(h.bundle.namespace);
                default -> Optional.empty();
            });
            if (!match) {
                continue;
            }
            java.time.Instant collected = java.time.Instant.now();
            try {
                var r = shimCall(h, c -> c.call(s -> s.stats(StatsRequest.newBuilder().setId(h.bundle.id).build())));
                out.add(new TaskMetric(h.bundle.id, collected, r.getStats()));
            } catch (BerthException e) {
                if (!(e instanceof NotFoundException)) {
                    LOG.log(Level.WARNING, "collecting metrics for {0}: {1}", h.bundle.id, e.getMessage());
                }
            }
        }
        return out;
    }

    @Override
    public ExitResult await(String namespace, String containerId, String execId) throws InterruptedException {
        TaskHandle h = task(namespace, containerId);
        WaitResponse r;
        try {
            r = h.client.callBlocking(s -> s.wait(WaitRequest.newBuilder().setId(containerId).setExecId(execId)
                    .build()));
        } catch (BerthException e) {
            if (ShimClient.unreachable(e) && !h.shim.alive()) {
                lost(h);
                try {
                    ExitResult lost = h.lost.get();
                    return execId.isEmpty() ? lost : new ExitResult(0, DeadShimCleanup.UNKNOWN_EXIT, lost.exitedAt());
                } catch (java.util.concurrent.ExecutionException x) {
                    throw new io.berth.api.errors.UnknownException("wait: " + x.getCause());
                }
            }
            throw e;
        }
        long pid = execId.isEmpty() ? h.initPid : 0;
        return exit(pid, r.getExitStatus(), r.hasExitedAt() ? r.getExitedAt() : null);
    }

    @Override
    public void checkpoint(String namespace, String containerId) {
        task(namespace, containerId);
        throw new NotImplementedException("checkpoint: berth does not support checkpoint and restore");
    }

    // ---- helpers

    private TaskHandle task(String namespace, String containerId) {
        containers.get(namespace, containerId);
        TaskHandle h = tasks.get(TaskHandle.key(namespace, containerId));
        if (h == null) {
            throw taskNotFound(containerId);
        }
        return h;
    }

    private static NotFoundException taskNotFound(String id) {
        return new NotFoundException("task " + id + " not found");
    }

    private List<TaskHandle> handles(String namespace) {
        return tasks.values().stream().filter(h -> h.bundle.namespace.equals(namespace))
                .sorted(java.util.Comparator.comparing(h -> h.bundle.id)).toList();
    }

    private ReentrantLock lock(String key) {
        return locks.computeIfAbsent(key, k -> new ReentrantLock());
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static ExitResult exit(long pid, int status, com.google.protobuf.Timestamp at) {
        return new ExitResult(pid, status, at == null ? Optional.empty() : Optional.of(ProtoTime.toInstant(at)));
    }

    private static void shutdown(ShimClient client, String id) {
        try {
            client.call(s -> s.withTimeout(Duration.ofSeconds(3))
                    .shutdown(ShutdownRequest.newBuilder().setId(id).build()));
        } catch (BerthException ignored) {
            // it exits by itself after the delete
        }
    }

    private static boolean awaitExit(ProcessRef p) {
        return awaitExit(p, Optional.empty());
    }

    /** Waits for {@code p} to exit or, a pooled shim, to be {@code freed} of its task; false if it lingers. */
    private static boolean awaitExit(ProcessRef p, Optional<CompletableFuture<Void>> freed) {
        long deadline = System.nanoTime() + SHIM_EXIT_WAIT.toNanos();
        while (p.alive() && !freed.map(CompletableFuture::isDone).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops watching; the tasks and their shims keep running for the next berthd. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitor.interrupt();
        cache.close();
        warmUp.interrupt();
        launcher.pool().close();
        tasks.values().forEach(h -> h.client.close());
        tasks.clear();
    }
}
