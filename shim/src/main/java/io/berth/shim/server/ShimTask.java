package io.berth.shim.server;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.berth.api.anys.Anys;
import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.events.TaskCreate;
import io.berth.api.events.TaskDelete;
import io.berth.api.events.TaskExecAdded;
import io.berth.api.events.TaskExecStarted;
import io.berth.api.events.TaskExit;
import io.berth.api.events.TaskIO;
import io.berth.api.events.TaskOOM;
import io.berth.api.events.TaskPaused;
import io.berth.api.events.TaskResumed;
import io.berth.api.events.TaskStart;
import io.berth.api.linux.runc.CreateOptions;
import io.berth.api.runc.v1.Options;
import io.berth.api.types.Mount;
import io.berth.api.types.task.Status;
import io.berth.api.validation.Identifiers;
import io.berth.shim.cgroups.Stats;
import io.berth.shim.runtime.Container;
import io.berth.shim.runtime.ContainerProcess;
import io.berth.shim.runtime.ContainerState;
import io.berth.shim.runtime.ExitStatus;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Resources;
import io.berth.shim.spec.Spec;
import io.berth.shim.spec.Specs;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The task a shim serves: one container and its exec'd processes, with containerd's runc-shim
 * state machine (its error texts included) and events. Every event goes through one
 * {@link EventForwarder}; a process's TaskExit is published only once {@link #state} reports it
 * stopped, and TaskStart / TaskExecStarted always precede the TaskExit of the same process.
 */
final class ShimTask {
    private static final System.Logger LOG = System.getLogger(ShimTask.class.getName());
    // the task options' type names, spelled out: comparing descriptors would build them in every shim
    static final String RUNC_OPTIONS = "containerd.runc.v1.Options";
    static final String LINUX_RUNC_OPTIONS = "containerd.linux.runc.CreateOptions";

    private final String id;
    private final Path bundle;
    private final EventForwarder events;
    private final Runnable onDeleted;
    /** Serialises lifecycle changes (create, start, exec, delete, pause, resume). */
    private final ReentrantLock lifecycle = new ReentrantLock();
    /** Keeps a start event ahead of the exit event of the same process. */
    private final ReentrantLock eventOrder = new ReentrantLock();
    private final ExecutorService exits =
            Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("berth-exits").unstarted(r));
    private final Map<String, TaskProcess> execs = new LinkedHashMap<>();
    private volatile Container container;
    private volatile TaskProcess init;
    private volatile String cgroupsPath = "";
    private volatile AutoCloseable oomWatch;
    /** Guards {@link #oomsPublished}; notified when it grows. */
    private final Object oomLock = new Object();
    private long oomsPublished;

    /** A process's state as the shim API reports it. */
    record ProcessState(String id, Path bundle, long pid, Status status, TaskProcess.IoPaths io,
                        Optional<ExitStatus> exit, String execId) {
    }

    ShimTask(String id, Path bundle, EventForwarder events, Runnable onDeleted) {
        this.id = id;
        this.bundle = bundle;
        this.events = events;
        this.onDeleted = onDeleted;
    }

    String id() {
        return id;
    }

    /** Creates the container from {@code <bundle>/config.json}; the init process waits for {@link #start}. */
    long create(String taskId, Path requestBundle, List<Mount> rootfs, TaskProcess.IoPaths io, Any options) {
        Identifiers.validate(taskId);
        if (!taskId.equals(id)) {
            throw new InvalidArgumentException("this shim serves task \"" + id + "\", not \"" + taskId + "\"");
        }
        if (!requestBundle.toString().isEmpty() && !requestBundle.equals(bundle)) {
            throw new InvalidArgumentException("bundle " + requestBundle + " is not this shim's bundle " + bundle);
        }
        long t0 = System.nanoTime();
        lifecycle.lock();
        try {
            if (init != null) {
                throw new AlreadyExistsException("task " + id);
            }
            Spec spec = Specs.read(bundle.resolve("config.json"));
            long t1 = System.nanoTime();
            cgroupsPath = spec.linux() == null || spec.linux().cgroupsPath() == null ? "" : spec.linux().cgroupsPath();
            io.berth.shim.runtime.CreateOptions createOptions = createOptions(options);
            TaskProcess p = new TaskProcess(id, true, io, null);
            p.holdStdin();
            Container c;
            try {
                c = Container.create(id, bundle, spec, io.stdio(), createOptions);
            } catch (RuntimeException e) {
                p.releaseStdin();
                throw e;
            }
            long t2 = System.nanoTime();
            p.started(c.init());
            container = c;
            init = p;
            c.exit().whenCompleteAsync((s, e) -> exited(p, s, e), exits);
            events.publish(TaskCreate.newBuilder()
                    .setContainerId(id)
                    .setBundle(bundle.toString())
                    .addAllRootfs(rootfs)
                    .setIo(TaskIO.newBuilder().setStdin(io.stdin()).setStdout(io.stdout()).setStderr(io.stderr())
                            .setTerminal(io.terminal()))
                    .setPid((int) p.pid())
                    .build());
            LOG.log(Level.DEBUG, "create {0}: spec {1} ms, container {2} ms, event {3} ms", id,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
            return p.pid();
        } finally {
            lifecycle.unlock();
        }
    }

    /** runc options: no_pivot_root is honoured; the runc binary name, root and the like do not apply. */
    static io.berth.shim.runtime.CreateOptions createOptions(Any options) {
        if (options == null || options.getTypeUrl().isEmpty()) {
            return io.berth.shim.runtime.CreateOptions.DEFAULT;
        }
        try {
            if (Anys.is(options, RUNC_OPTIONS)) {
                Options o = Options.parseFrom(options.getValue());
                if (!o.getBinaryName().isEmpty() || !o.getRoot().isEmpty()) {
                    LOG.log(Level.INFO, "runc options binary_name \"{0}\" and root \"{1}\" are ignored: "
                            + "berth-shim runs containers itself", o.getBinaryName(), o.getRoot());
                }
                return new io.berth.shim.runtime.CreateOptions(o.getNoPivotRoot());
            }
            if (Anys.is(options, LINUX_RUNC_OPTIONS)) {
                return new io.berth.shim.runtime.CreateOptions(CreateOptions.parseFrom(options.getValue()).getNoPivotRoot());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidArgumentException("task options " + options.getTypeUrl() + ": " + e.getMessage());
        }
        LOG.log(Level.INFO, "task options of type {0} are ignored", options.getTypeUrl());
        return io.berth.shim.runtime.CreateOptions.DEFAULT;
    }

    /** Starts the init process (empty exec id) or an added exec; returns its pid. */
    long start(String taskId, String execId) {
        Container c = container(taskId);
        lifecycle.lock();
        try {
            if (execId.isEmpty()) {
                return startInit(c);
            }
            return startExec(c, process(execId));
        } finally {
            lifecycle.unlock();
        }
    }

    private long startInit(Container c) {
        TaskProcess p = init;
        Status s = status(p);
        if (s != Status.CREATED) {
            throw new UnknownException(switch (s) {
                case RUNNING -> "cannot start a running process";
                case PAUSED -> "cannot start a paused process";
                default -> "cannot start a stopped process";
            });
        }
        eventOrder.lock();
        try {
            long pid = c.start();
            events.publish(TaskStart.newBuilder().setContainerId(id).setPid((int) pid).build());
            watchOom();
            return pid;
        } finally {
            eventOrder.unlock();
        }
    }

    private long startExec(Container c, TaskProcess p) {
        if (p.exit().isPresent()) {
            throw new UnknownException("cannot start a stopped process");
        }
        if (p.process().isPresent()) {
            throw new UnknownException("cannot start a running process");
        }
        eventOrder.lock();
        try {
            p.holdStdin();
            ContainerProcess cp;
            try {
                cp = c.exec(p.id, p.spec, p.io.stdio());
            } catch (RuntimeException e) {
                p.releaseStdin();
                throw e;
            }
            p.started(cp);
            if (p.stdinClosed()) {
                cp.closeStdin();
            }
            cp.exit().whenCompleteAsync((s, e) -> exited(p, s, e), exits);
            events.publish(TaskExecStarted.newBuilder().setContainerId(id).setExecId(p.id).setPid((int) cp.pid())
                    .build());
            return cp.pid();
        } finally {
            eventOrder.unlock();
        }
    }

    /** Publishes TaskOOM each time the kernel OOM-kills in the container's cgroup, as the runc shim does. */
    private void watchOom() {
        if (cgroupsPath.isEmpty()) {
            return;
        }
        try {
            oomWatch = container.onOom(this::publishOom);
        } catch (BerthException e) {
            LOG.log(Level.WARNING, "no OOM events for {0}: {1}", id, e.getMessage());
        }
    }

    private void publishOom() {
        events.publish(TaskOOM.newBuilder().setContainerId(id).build());
        synchronized (oomLock) {
            oomsPublished++;
            oomLock.notifyAll();
        }
    }

    /**
     * When the kernel has OOM-killed in the container's cgroup but the watch has not reported it
     * yet (its thread runs late on a busy machine), waits for it, at most a second: the TaskOOM
     * must come before the init's TaskExit, or dockerd, which marks a container OOM-killed only
     * while it runs, reports a plain exit 137.
     */
    private void awaitOomEvent() {
        Container c = container;
        if (c == null || oomWatch == null) {
            return;
        }
        long kills;
        try {
            kills = c.oomKills();
        } catch (RuntimeException e) {
            return; // no counter to go by: the watch reports what it sees
        }
        if (kills == 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        synchronized (oomLock) {
            while (oomsPublished == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.log(Level.WARNING, "{0}: the kernel OOM-killed in its cgroup, but no OOM notification came", id);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(oomLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The container's cgroup counters; NotFound when it has no cgroup. */
    Stats stats(String taskId) {
        Container c = container(taskId);
        if (cgroupsPath.isEmpty()) {
            throw new NotFoundException("cgroup does not exist");
        }
        return c.stats();
    }

    private void stopOomWatch() {
        AutoCloseable w = oomWatch;
        oomWatch = null;
        if (w != null) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing the OOM watch", e);
            }
        }
    }

    /** Marks {@code p} stopped, then publishes its TaskExit, then releases its waiters. */
    private void exited(TaskProcess p, ExitStatus s, Throwable failure) {
        if (s == null) {
            LOG.log(Level.ERROR, "process " + p.id + ": exit unknown", failure);
            s = new ExitStatus(255, java.time.Instant.now());
        }
        p.exited(s);
        p.releaseStdin();
        if (p.init) {
            awaitOomEvent();
            try {
                new ExitRecord(p.pid(), s.code(), s.exitedAt()).write(bundle);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot record the exit status in " + bundle, e);
            }
        }
        eventOrder.lock();
        try {
            events.publish(TaskExit.newBuilder()
                    .setContainerId(id)
                    .setId(p.id)
                    .setPid((int) p.pid())
                    .setExitStatus(s.code())
                    .setExitedAt(ProtoTime.of(s.exitedAt()))
                    .build());
        } finally {
            eventOrder.unlock();
        }
        p.stopped.complete(s);
    }

    /** Deletes the init process (and with it the container) or a stopped or never started exec. */
    ProcessState delete(String taskId, String execId) {
        Container c = container(taskId);
        lifecycle.lock();
        try {
            return execId.isEmpty() ? deleteInit(c) : deleteExec(process(execId));
        } finally {
            lifecycle.unlock();
        }
    }

    private ProcessState deleteInit(Container c) {
        TaskProcess p = init;
        Status s = status(p);
        if (s == Status.RUNNING) {
            throw new UnknownException("cannot delete a running process");
        }
        if (s == Status.PAUSED) {
            throw new UnknownException("cannot delete a paused process");
        }
        stopOomWatch();
        c.destroy();
        ExitStatus exit = awaitStopped(p);
        ProcessState st = state(p);
        p.markDeleted();
        container = null;
        events.publish(TaskDelete.newBuilder()
                .setContainerId(id)
                .setPid((int) p.pid())
                .setExitStatus(exit.code())
                .setExitedAt(ProtoTime.of(exit.exitedAt()))
                .build());
        // berthd's Delete returns with this answer and its caller goes on (ctr run --rm deletes the
        // container next): the TaskDelete must be out before, as the shim winds down on its own
        try {
            if (!events.flush(Duration.ofSeconds(5))) {
                LOG.log(Level.WARNING, "task {0}: TaskDelete not forwarded yet", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onDeleted.run();
        return st;
    }

    private ProcessState deleteExec(TaskProcess p) {
        Status s = status(p);
        if (s == Status.RUNNING || s == Status.PAUSED) {
            throw new UnknownException("cannot delete a running process");
        }
        ProcessState st = state(p);
        p.markDeleted();
        synchronized (execs) {
            execs.remove(p.id);
        }
        return st;
    }

    private static ExitStatus awaitStopped(TaskProcess p) {
        try {
            return p.stopped.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownException("interrupted while waiting for process " + p.id + " to exit");
        } catch (ExecutionException | TimeoutException e) {
            throw new UnknownException("process " + p.id + " did not exit: " + e.getMessage());
        }
    }

    /** Adds an exec process (started later by {@link #start}). */
    void exec(String taskId, String execId, TaskProcess.IoPaths io, Any spec) {
        Container c = container(taskId);
        Identifiers.validate(execId);
        ProcessSpec process = SpecJson.process(spec.getValue().toByteArray());
        lifecycle.lock();
        try {
            Status s = status(init);
            if (s != Status.RUNNING) {
                throw new UnknownException(switch (s) {
                    case CREATED -> "cannot exec in a created state";
                    case PAUSED -> "cannot exec in a paused state";
                    default -> "cannot exec in a stopped state";
                });
            }
            synchronized (execs) {
                if (execs.containsKey(execId)) {
                    throw new AlreadyExistsException("id " + execId);
                }
                execs.put(execId, new TaskProcess(execId, false, io, process));
            }
            events.publish(TaskExecAdded.newBuilder().setContainerId(c.id()).setExecId(execId).build());
        } finally {
            lifecycle.unlock();
        }
    }

    ProcessState state(String taskId, String execId) {
        container(taskId);
        return state(execId.isEmpty() ? init : process(execId));
    }

    private ProcessState state(TaskProcess p) {
        return new ProcessState(p.id, bundle, p.pid(), status(p), p.io, p.exit(), p.init ? "" : p.id);
    }

    private Status status(TaskProcess p) {
        if (p.exit().isPresent()) {
            return Status.STOPPED;
        }
        Container c = container;
        ContainerState.Status cs = c == null ? ContainerState.Status.STOPPED : c.state().status();
        if (!p.init) {
            if (p.process().isEmpty()) {
                return Status.CREATED;
            }
            return cs == ContainerState.Status.PAUSED ? Status.PAUSED : Status.RUNNING;
        }
        return switch (cs) {
            case CREATED -> Status.CREATED;
            case RUNNING -> Status.RUNNING;
            case PAUSED -> Status.PAUSED;
            case STOPPED -> Status.STOPPED;
        };
    }

    /** Blocks until the process has stopped and returns how it ended. */
    ExitStatus await(String taskId, String execId) throws InterruptedException {
        container(taskId);
        TaskProcess p = execId.isEmpty() ? init : process(execId);
        try {
            return p.stopped.get();
        } catch (ExecutionException e) {
            throw new UnknownException("wait for " + p.id + ": " + e.getCause());
        }
    }

    void kill(String taskId, String execId, int signal, boolean all) {
        Container c = container(taskId);
        if (execId.isEmpty()) {
            if (init.exit().isPresent()) {
                throw new NotFoundException("process already finished");
            }
            try {
                c.kill(signal, all);
            } catch (NotFoundException e) {
                throw new NotFoundException("process already finished", e);
            }
            return;
        }
        TaskProcess p = process(execId);
        if (p.exit().isPresent()) {
            throw new NotFoundException("process already finished");
        }
        ContainerProcess cp = p.process().orElseThrow(() -> new FailedPreconditionException("process not created"));
        try {
            cp.kill(signal);
        } catch (NotFoundException e) {
            throw new NotFoundException("process already finished", e);
        }
    }

    void pause(String taskId) {
        Container c = container(taskId);
        lifecycle.lock();
        try {
            switch (status(init)) {
                case CREATED -> throw new UnknownException("cannot pause task in created state");
                case PAUSED -> throw new UnknownException("cannot pause a paused container");
                case STOPPED -> throw new UnknownException("cannot pause a stopped container");
                default -> c.pause();
            }
            events.publish(TaskPaused.newBuilder().setContainerId(id).build());
        } finally {
            lifecycle.unlock();
        }
    }

    void resume(String taskId) {
        Container c = container(taskId);
        lifecycle.lock();
        try {
            switch (status(init)) {
                case CREATED -> throw new UnknownException("cannot resume task in created state");
                case RUNNING -> throw new UnknownException("cannot resume a running process");
                case STOPPED -> throw new UnknownException("cannot resume a stopped container");
                default -> c.resume();
            }
            events.publish(TaskResumed.newBuilder().setContainerId(id).build());
        } finally {
            lifecycle.unlock();
        }
    }

    void update(String taskId, Any resources) {
        Container c = container(taskId);
        Resources r = SpecJson.resources(resources.getValue().toByteArray());
        if (status(init) == Status.STOPPED) {
            throw new UnknownException("cannot update a stopped container");
        }
        c.update(r);
    }

    void resizePty(String taskId, String execId, int width, int height) {
        container(taskId);
        TaskProcess p = execId.isEmpty() ? init : process(execId);
        if (!p.io.terminal()) {
            return;
        }
        if (p.exit().isPresent()) {
            throw new UnknownException("cannot resize a stopped container");
        }
        p.process().ifPresent(cp -> cp.resize(width, height));
    }

    void closeStdin(String taskId, String execId) {
        container(taskId);
        TaskProcess p = execId.isEmpty() ? init : process(execId);
        if (p.closeStdin()) {
            p.process().ifPresent(ContainerProcess::closeStdin);
        }
    }

    /** The container's pids, each with the exec id of the exec process it is, if one. */
    Map<Long, String> pids(String taskId) {
        Container c = container(taskId);
        Map<Long, String> byPid = new LinkedHashMap<>();
        List<TaskProcess> running;
        synchronized (execs) {
            running = new ArrayList<>(execs.values());
        }
        for (long pid : c.processes()) {
            String exec = "";
            for (TaskProcess p : running) {
                if (p.pid() == pid && p.exit().isEmpty()) {
                    exec = p.id;
                }
            }
            byPid.put(pid, exec);
        }
        return byPid;
    }

    /** The init pid, 0 when there is no container. */
    long initPid() {
        TaskProcess p = init;
        return p == null || container == null ? 0 : p.pid();
    }

    /** True while a container exists that was not deleted. */
    boolean hasContainer() {
        return container != null;
    }

    /** Tears everything down (shutdown with {@code now}). */
    void destroy() {
        stopOomWatch();
        Container c = container;
        if (c != null) {
            try {
                c.destroy();
            } catch (BerthException | IllegalStateException e) {
                LOG.log(Level.WARNING, "destroy container " + id, e);
            }
        }
        exits.shutdown();
    }

    private Container container(String taskId) {
        Container c = container;
        if (c == null || !id.equals(taskId)) {
            throw new NotFoundException("container not created");
        }
        return c;
    }

    private TaskProcess process(String execId) {
        synchronized (execs) {
            TaskProcess p = execs.get(execId);
            if (p == null) {
                throw new NotFoundException("process does not exist " + execId);
            }
            return p;
        }
    }
}
