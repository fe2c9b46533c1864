package io.berth.shim.server;

import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.berth.api.anys.Anys;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.CanceledException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.runc.v1.ProcessDetails;
import io.berth.api.task.v2.CheckpointTaskRequest;
import io.berth.api.task.v2.CloseIORequest;
import io.berth.api.task.v2.ConnectRequest;
import io.berth.api.task.v2.ConnectResponse;
import io.berth.api.task.v2.CreateTaskRequest;
import io.berth.api.task.v2.CreateTaskResponse;
import io.berth.api.task.v2.DeleteRequest;
import io.berth.api.task.v2.DeleteResponse;
import io.berth.api.task.v2.ExecProcessRequest;
import io.berth.api.task.v2.KillRequest;
import io.berth.api.task.v2.PauseRequest;
import io.berth.api.task.v2.PidsRequest;
import io.berth.api.task.v2.PidsResponse;
import io.berth.api.task.v2.ResizePtyRequest;
import io.berth.api.task.v2.ResumeRequest;
import io.berth.api.task.v2.ShutdownRequest;
import io.berth.api.task.v2.StartRequest;
import io.berth.api.task.v2.StartResponse;
import io.berth.api.task.v2.StateRequest;
import io.berth.api.task.v2.StateResponse;
import io.berth.api.task.v2.StatsRequest;
import io.berth.api.task.v2.StatsResponse;
import io.berth.api.task.v2.UpdateTaskRequest;
import io.berth.api.task.v2.WaitRequest;
import io.berth.api.task.v2.WaitResponse;
import io.berth.api.types.task.ProcessInfo;
import io.berth.api.ttrpc.TtrpcService;
import io.berth.shim.runtime.ExitStatus;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** {@code containerd.task.v2.Task} as a ttrpc service: a thin adapter over {@link ShimTask}. */
final class TaskService {
    /** The service's full name, as containerd's shims serve it. */
    static final String NAME = "containerd.task.v2.Task";
    private static final System.Logger LOG = System.getLogger(TaskService.class.getName());

    private final ShimTask task;
    private final Consumer<Boolean> shutdown;
    private final StatsSource stats;

    /** Reads a task's cgroup counters as a cgroups Metrics Any. */
    interface StatsSource {
        com.google.protobuf.Any stats(String taskId);
    }

    /**
     * @param shutdown called by Shutdown with its {@code now} flag once the shim may exit
     */
    TaskService(ShimTask task, StatsSource stats, Consumer<Boolean> shutdown) {
        this.task = task;
        this.stats = stats;
        this.shutdown = shutdown;
    }

    private CreateTaskResponse create(CreateTaskRequest r) {
        long pid = task.create(r.getId(), Path.of(r.getBundle()), r.getRootfsList(),
                new TaskProcess.IoPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                r.hasOptions() ? r.getOptions() : null);
        return CreateTaskResponse.newBuilder().setPid((int) pid).build();
    }

    private StartResponse start(StartRequest r) {
        return StartResponse.newBuilder().setPid((int) task.start(r.getId(), r.getExecId())).build();
    }

    private DeleteResponse delete(DeleteRequest r) {
        ShimTask.ProcessState s = task.delete(r.getId(), r.getExecId());
        DeleteResponse.Builder b = DeleteResponse.newBuilder().setPid((int) s.pid());
        s.exit().ifPresent(e -> b.setExitStatus(e.code()).setExitedAt(ProtoTime.of(e.exitedAt())));
        return b.build();
    }

    private Empty exec(ExecProcessRequest r) {
        task.exec(r.getId(), r.getExecId(),
                new TaskProcess.IoPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()), r.getSpec());
        return Empty.getDefaultInstance();
    }

    private StateResponse state(StateRequest r) {
        ShimTask.ProcessState s = task.state(r.getId(), r.getExecId());
        StateResponse.Builder b = StateResponse.newBuilder()
                .setId(s.id())
                .setBundle(s.bundle().toString())
                .setPid((int) s.pid())
                .setStatus(s.status())
                .setStdin(s.io().stdin())
                .setStdout(s.io().stdout())
                .setStderr(s.io().stderr())
                .setTerminal(s.io().terminal())
                .setExecId(s.execId());
        s.exit().ifPresent(e -> b.setExitStatus(e.code()).setExitedAt(ProtoTime.of(e.exitedAt())));
        return b.build();
    }

    private PidsResponse pids(PidsRequest r) {
        PidsResponse.Builder b = PidsResponse.newBuilder();
        for (Map.Entry<Long, String> e : task.pids(r.getId()).entrySet()) {
            ProcessInfo.Builder info = ProcessInfo.newBuilder().setPid(e.getKey().intValue());
            if (!e.getValue().isEmpty()) {
                info.setInfo(Anys.pack(ProcessDetails.newBuilder().setExecId(e.getValue()).build()));
            }
            b.addProcesses(info);
        }
        return b.build();
    }

    private Empty pause(PauseRequest r) {
        task.pause(r.getId());
        return Empty.getDefaultInstance();
    }

    private Empty resume(ResumeRequest r) {
        task.resume(r.getId());
        return Empty.getDefaultInstance();
    }

    private Empty checkpoint(CheckpointTaskRequest r) {
        throw new NotImplementedException("checkpoint: berth-shim does not support checkpoint and restore");
    }

    private Empty kill(KillRequest r) {
        task.kill(r.getId(), r.getExecId(), r.getSignal(), r.getAll());
        return Empty.getDefaultInstance();
    }

    private Empty resizePty(ResizePtyRequest r) {
        task.resizePty(r.getId(), r.getExecId(), r.getWidth(), r.getHeight());
        return Empty.getDefaultInstance();
    }

    private Empty closeIO(CloseIORequest r) {
        if (r.getStdin()) {
            task.closeStdin(r.getId(), r.getExecId());
        }
        return Empty.getDefaultInstance();
    }

    private Empty update(UpdateTaskRequest r) {
        task.update(r.getId(), r.getResources());
        return Empty.getDefaultInstance();
    }

    private WaitResponse await(WaitRequest r) throws InterruptedException {
        ExitStatus e = task.await(r.getId(), r.getExecId());
        return WaitResponse.newBuilder().setExitStatus(e.code()).setExitedAt(ProtoTime.of(e.exitedAt())).build();
    }

    private StatsResponse stats(StatsRequest r) {
        return StatsResponse.newBuilder().setStats(stats.stats(r.getId())).build();
    }

    private ConnectResponse connect(ConnectRequest r) {
        return ConnectResponse.newBuilder()
                .setShimPid((int) ProcessHandle.current().pid())
                .setTaskPid((int) task.initPid())
                .build();
    }

    private Empty shutdown(ShutdownRequest r) {
        if (r.getNow() || !task.hasContainer()) {
            shutdown.accept(r.getNow());
        }
        return Empty.getDefaultInstance();
    }

    /** The service, with every method of {@code containerd.task.v2.Task}, each {@link #logged}. */
    TtrpcService service() {
        TtrpcService s = new TtrpcService(NAME);
        logged(s, "State", StateRequest.parser(), this::state);
        logged(s, "Create", CreateTaskRequest.parser(), this::create);
        logged(s, "Start", StartRequest.parser(), this::start);
        logged(s, "Delete", DeleteRequest.parser(), this::delete);
        logged(s, "Pids", PidsRequest.parser(), this::pids);
        logged(s, "Pause", PauseRequest.parser(), this::pause);
        logged(s, "Resume", ResumeRequest.parser(), this::resume);
        logged(s, "Checkpoint", CheckpointTaskRequest.parser(), this::checkpoint);
        logged(s, "Kill", KillRequest.parser(), this::kill);
        logged(s, "Exec", ExecProcessRequest.parser(), this::exec);
        logged(s, "ResizePty", ResizePtyRequest.parser(), this::resizePty);
        logged(s, "CloseIO", CloseIORequest.parser(), this::closeIO);
        logged(s, "Update", UpdateTaskRequest.parser(), this::update);
        logged(s, "Wait", WaitRequest.parser(), this::await);
        logged(s, "Stats", StatsRequest.parser(), this::stats);
        logged(s, "Connect", ConnectRequest.parser(), this::connect);
        logged(s, "Shutdown", ShutdownRequest.parser(), this::shutdown);
        return s;
    }

    /** One method of the Task service. */
    @FunctionalInterface
    private interface Method<Q> {
        MessageLite call(Q request) throws Exception;
    }

    /**
     * Adds {@code method} to {@code s}: its error, logged (a non-Berth one as a warning), becomes
     * the call's status (a Berth error's code, else UNKNOWN); an interruption becomes a Berth
     * CANCELLED error.
     */
    private static <Q> void logged(TtrpcService s, String method, Parser<Q> parser, Method<Q> call) {
        s.method(method, parser, (r, c) -> {
            try {
                return call.call(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CanceledException(method + " interrupted", e);
            } catch (Exception e) {
                LOG.log(Level.DEBUG, method + " failed", e);
                if (!(e instanceof BerthException)) {
                    LOG.log(Level.WARNING, method + " failed unexpectedly", e);
                }
                throw e;
            }
        });
    }
}
