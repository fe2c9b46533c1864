package io.berth.shim.server;

import com.google.protobuf.Empty;
import io.berth.api.anys.Anys;
import io.berth.api.errors.GrpcErrors;
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
import io.berth.api.task.v2.TaskGrpc;
import io.berth.api.task.v2.UpdateTaskRequest;
import io.berth.api.task.v2.WaitRequest;
import io.berth.api.task.v2.WaitResponse;
import io.berth.api.types.task.ProcessInfo;
import io.berth.shim.runtime.ExitStatus;
import io.grpc.stub.StreamObserver;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code containerd.task.v2.Task} over gRPC: a thin adapter over {@link ShimTask}. */
final class TaskService extends TaskGrpc.TaskImplBase {
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

    @Override
    public void create(CreateTaskRequest r, StreamObserver<CreateTaskResponse> out) {
        answer("create", out, () -> {
            long pid = task.create(r.getId(), Path.of(r.getBundle()), r.getRootfsList(),
                    new TaskProcess.IoPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                    r.hasOptions() ? r.getOptions() : null);
            return CreateTaskResponse.newBuilder().setPid((int) pid).build();
        });
    }

    @Override
    public void start(StartRequest r, StreamObserver<StartResponse> out) {
        answer("start", out, () -> StartResponse.newBuilder().setPid((int) task.start(r.getId(), r.getExecId()))
                .build());
    }

    @Override
    public void delete(DeleteRequest r, StreamObserver<DeleteResponse> out) {
        answer("delete", out, () -> {
            ShimTask.ProcessState s = task.delete(r.getId(), r.getExecId());
            DeleteResponse.Builder b = DeleteResponse.newBuilder().setPid((int) s.pid());
            s.exit().ifPresent(e -> b.setExitStatus(e.code()).setExitedAt(ProtoTime.of(e.exitedAt())));
            return b.build();
        });
    }

    @Override
    public void exec(ExecProcessRequest r, StreamObserver<Empty> out) {
        answer("exec", out, () -> {
            task.exec(r.getId(), r.getExecId(),
                    new TaskProcess.IoPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()), r.getSpec());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void state(StateRequest r, StreamObserver<StateResponse> out) {
        answer("state", out, () -> {
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
        });
    }

    @Override
    public void pids(PidsRequest r, StreamObserver<PidsResponse> out) {
        answer("pids", out, () -> {
            PidsResponse.Builder b = PidsResponse.newBuilder();
            for (Map.Entry<Long, String> e : task.pids(r.getId()).entrySet()) {
                ProcessInfo.Builder info = ProcessInfo.newBuilder().setPid(e.getKey().intValue());
                if (!e.getValue().isEmpty()) {
                    info.setInfo(Anys.pack(ProcessDetails.newBuilder().setExecId(e.getValue()).build()));
                }
                b.addProcesses(info);
            }
            return b.build();
        });
    }

    @Override
    public void pause(PauseRequest r, StreamObserver<Empty> out) {
        answer("pause", out, () -> {
            task.pause(r.getId());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void resume(ResumeRequest r, StreamObserver<Empty> out) {
        answer("resume", out, () -> {
            task.resume(r.getId());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void checkpoint(CheckpointTaskRequest r, StreamObserver<Empty> out) {
        answer("checkpoint", out, () -> {
            throw new NotImplementedException("checkpoint: berth-shim does not support checkpoint and restore");
        });
    }

    @Override
    public void kill(KillRequest r, StreamObserver<Empty> out) {
        answer("kill", out, () -> {
            task.kill(r.getId(), r.getExecId(), r.getSignal(), r.getAll());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void resizePty(ResizePtyRequest r, StreamObserver<Empty> out) {
        answer("resize-pty", out, () -> {
            task.resizePty(r.getId(), r.getExecId(), r.getWidth(), r.getHeight());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void closeIO(CloseIORequest r, StreamObserver<Empty> out) {
        answer("close-io", out, () -> {
            if (r.getStdin()) {
                task.closeStdin(r.getId(), r.getExecId());
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void update(UpdateTaskRequest r, StreamObserver<Empty> out) {
        answer("update", out, () -> {
            task.update(r.getId(), r.getResources());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void wait(WaitRequest r, StreamObserver<WaitResponse> out) {
        answer("wait", out, () -> {
            ExitStatus e = task.await(r.getId(), r.getExecId());
            return WaitResponse.newBuilder().setExitStatus(e.code()).setExitedAt(ProtoTime.of(e.exitedAt())).build();
        });
    }

    @Override
    public void stats(StatsRequest r, StreamObserver<StatsResponse> out) {
        answer("stats", out, () -> StatsResponse.newBuilder().setStats(stats.stats(r.getId())).build());
    }

    @Override
    public void connect(ConnectRequest r, StreamObserver<ConnectResponse> out) {
        answer("connect", out, () -> ConnectResponse.newBuilder()
                .setShimPid((int) ProcessHandle.current().pid())
                .setTaskPid((int) task.initPid())
                .build());
    }

    @Override
    public void shutdown(ShutdownRequest r, StreamObserver<Empty> out) {
        answer("shutdown", out, () -> {
            if (r.getNow() || !task.hasContainer()) {
                shutdown.accept(r.getNow());
            }
            return Empty.getDefaultInstance();
        });
    }

    private static <T> void answer(String rpc, StreamObserver<T> out, Callable<T> call) {
        T result;
        try {
            result = call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(GrpcErrors.toStatus(new io.berth.api.errors.CanceledException(rpc + " interrupted")));
            return;
        } catch (Exception e) {
            LOG.log(Level.DEBUG, rpc + " failed", e);
            if (!(e instanceof io.berth.api.errors.BerthException)) {
                LOG.log(Level.WARNING, rpc + " failed unexpectedly", e);
            }
            out.onError(GrpcErrors.toStatus(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
