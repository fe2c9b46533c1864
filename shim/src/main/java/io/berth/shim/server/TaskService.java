package io.berth.shim.server;

import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import io.berth.api.anys.Anys;
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
import io.berth.shim.runtime.ExitStatus;
import io.berth.api.ttrpc.TtrpcService;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
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

    private CreateTaskResponse create(CreateTaskRequest r) throws Exception {
        return answer("create", () -> {
            long pid = task.create(r.getId(), Path.of(r.getBundle()), r.getRootfsList(),
                    new TaskProcess.IoPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                    r.hasOptions() ? r.getOptions() : null);
            return CreateTaskResponse.newBuilder().setPid((int) pid).build();
        });
    }

    private StartResponse start(StartRequest r) throws Exception {
        return answer("start", () -> StartResponse.newBuilder().setPid((int) task.start(r.getId(), r.getExecId()))
                .build());
    }

    private DeleteResponse delete(DeleteRequest r) throws Exception {
        return answer("delete", () -> {
            ShimTask.ProcessState s = task.delete(r.getId(), r.getExecId());
            DeleteResponse.Builder b = DeleteResponse.newBuilder().setPid((int) s.pid());
            s.exit().ifPresent(e -> b.setExitStatus(e.code()).setExitedAt(ProtoTime.of(e.exitedAt())));
            return b.build();
        });
    }

    private Empty exec(ExecProcessRequest r) throws Exception {
        return answer("exec", () -> {
            task.exec(r.getId(), r.getExecId(),
                    new TaskProcess.IoPaths(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()), r.getSpec());
            return Empty.getDefaultInstance();
        });
    }

    private StateResponse state(StateRequest r) throws Exception {
        return answer("state", () -> {
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

    private PidsResponse pids(PidsRequest r) throws Exception {
        return answer("pids", () -> {
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

    private Empty pause(PauseRequest r) throws Exception {
        return answer("pause", () -> {
            task.pause(r.getId());
            return Empty.getDefaultInstance();
        });
    }

    private Empty resume(ResumeRequest r) throws Exception {
        return answer("resume", () -> {
            task.resume(r.getId());
            return Empty.getDefaultInstance();
        });
    }

    private Empty checkpoint(CheckpointTaskRequest r) throws Exception {
        return answer("checkpoint", () -> {
            throw new NotImplementedException("checkpoint: berth-shim does not support checkpoint and restore");
        });
    }

    private Empty kill(KillRequest r) throws Exception {
        return answer("kill", () -> {
            task.kill(r.getId(), r.getExecId(), r.getSignal(), r.getAll());
            return Empty.getDefaultInstance();
        });
    }

    private Empty resizePty(ResizePtyRequest r) throws Exception {
        return answer("resize-pty", () -> {
            task.resizePty(r.getId(), r.getExecId(), r.getWidth(), r.getHeight());
            return Empty.getDefaultInstance();
        });
    }

    private Empty closeIO(CloseIORequest r) throws Exception {
        return answer("close-io", () -> {
            if (r.getStdin()) {
                task.closeStdin(r.getId(), r.getExecId());
            }
            return Empty.getDefaultInstance();
        });
    }

    private Empty update(UpdateTaskRequest r) throws Exception {
        return answer("update", () -> {
            task.update(r.getId(), r.getResources());
            return Empty.getDefaultInstance();
        });
    }

    private WaitResponse await(WaitRequest r) throws Exception {
        return answer("wait", () -> {
            ExitStatus e = task.await(r.getId(), r.getExecId());
            return WaitResponse.newBuilder().setExitStatus(e.code()).setExitedAt(ProtoTime.of(e.exitedAt())).build();
        });
    }

    private StatsResponse stats(StatsRequest r) throws Exception {
        return answer("stats", () -> StatsResponse.newBuilder().setStats(stats.stats(r.getId())).build());
    }

    private ConnectResponse connect(ConnectRequest r) throws Exception {
        return answer("connect", () -> ConnectResponse.newBuilder()
                .setShimPid((int) ProcessHandle.current().pid())
                .setTaskPid((int) task.initPid())
                .build());
    }

    private Empty shutdown(ShutdownRequest r) throws Exception {
        return answer("shutdown", () -> {
            if (r.getNow() || !task.hasContainer()) {
                shutdown.accept(r.getNow());
            }
            return Empty.getDefaultInstance();
        });
    }

    /** The service, with every method of {@code containerd.task.v2.Task}. */
    TtrpcService service() {
        return new TtrpcService(NAME)
                .method("State", StateRequest.parser(), (r, c) -> state(r))
                .method("Create", CreateTaskRequest.parser(), (r, c) -> create(r))
                .method("Start", StartRequest.parser(), (r, c) -> start(r))
                .method("Delete", DeleteRequest.parser(), (r, c) -> delete(r))
                .method("Pids", PidsRequest.parser(), (r, c) -> pids(r))
                .method("Pause", PauseRequest.parser(), (r, c) -> pause(r))
                .method("Resume", ResumeRequest.parser(), (r, c) -> resume(r))
                .method("Checkpoint", CheckpointTaskRequest.parser(), (r, c) -> checkpoint(r))
                .method("Kill", KillRequest.parser(), (r, c) -> kill(r))
                .method("Exec", ExecProcessRequest.parser(), (r, c) -> exec(r))
                .method("ResizePty", ResizePtyRequest.parser(), (r, c) -> resizePty(r))
                .method("CloseIO", CloseIORequest.parser(), (r, c) -> closeIO(r))
                .method("Update", UpdateTaskRequest.parser(), (r, c) -> update(r))
                .method("Wait", WaitRequest.parser(), (r, c) -> await(r))
                .method("Stats", StatsRequest.parser(), (r, c) -> stats(r))
                .method("Connect", ConnectRequest.parser(), (r, c) -> connect(r))
                .method("Shutdown", ShutdownRequest.parser(), (r, c) -> shutdown(r));
    }

    /** Runs one call; its error, logged, becomes the call's status (BerthException's code, else UNKNOWN). */
    private static <T extends MessageLite> T answer(String rpc, Callable<T> call) throws Exception {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.berth.api.errors.CanceledException(rpc + " interrupted", e);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, rpc + " failed", e);
            if (!(e instanceof io.berth.api.errors.BerthException)) {
                LOG.log(Level.WARNING, rpc + " failed unexpectedly", e);
            }
            throw e;
        }
    }
}
