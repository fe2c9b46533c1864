package io.berth.daemon.tasks;

import com.google.protobuf.Empty;
import io.berth.api.errors.CanceledException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.services.tasks.v1.CheckpointTaskRequest;
import io.berth.api.services.tasks.v1.CheckpointTaskResponse;
import io.berth.api.services.tasks.v1.CloseIORequest;
import io.berth.api.services.tasks.v1.CreateTaskRequest;
import io.berth.api.services.tasks.v1.CreateTaskResponse;
import io.berth.api.services.tasks.v1.DeleteProcessRequest;
import io.berth.api.services.tasks.v1.DeleteResponse;
import io.berth.api.services.tasks.v1.DeleteTaskRequest;
import io.berth.api.services.tasks.v1.ExecProcessRequest;
import io.berth.api.services.tasks.v1.GetRequest;
import io.berth.api.services.tasks.v1.GetResponse;
import io.berth.api.services.tasks.v1.KillRequest;
import io.berth.api.services.tasks.v1.ListPidsRequest;
import io.berth.api.services.tasks.v1.ListPidsResponse;
import io.berth.api.services.tasks.v1.ListTasksRequest;
import io.berth.api.services.tasks.v1.ListTasksResponse;
import io.berth.api.services.tasks.v1.MetricsRequest;
import io.berth.api.services.tasks.v1.MetricsResponse;
import io.berth.api.services.tasks.v1.PauseTaskRequest;
import io.berth.api.services.tasks.v1.ResizePtyRequest;
import io.berth.api.services.tasks.v1.ResumeTaskRequest;
import io.berth.api.services.tasks.v1.StartRequest;
import io.berth.api.services.tasks.v1.StartResponse;
import io.berth.api.services.tasks.v1.TasksGrpc;
import io.berth.api.services.tasks.v1.UpdateTaskRequest;
import io.berth.api.services.tasks.v1.WaitRequest;
import io.berth.api.services.tasks.v1.WaitResponse;
import io.berth.daemon.server.RequestNamespace;
import io.berth.daemon.wire.Timestamps;
import io.berth.tasks.ExitResult;
import io.berth.tasks.NewTask;
import io.berth.tasks.TaskIo;
import io.berth.tasks.TaskManager;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * {@code containerd.services.tasks.v1.Tasks} over a {@link TaskManager}, in the namespace of the
 * call (wired with {@code NamespaceInterceptor.required()}). Errors are thrown and mapped by the
 * server's status interceptor.
 */
public final class TasksService extends TasksGrpc.TasksImplBase {

    private final TaskManager tasks;

    public TasksService(TaskManager tasks) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    @Override
    public void create(CreateTaskRequest r, StreamObserver<CreateTaskResponse> out) {
        String ns = RequestNamespace.current();
        if (r.hasCheckpoint()) {
            throw new NotImplementedException("restore from checkpoint: berth does not support checkpoints");
        }
        long pid = tasks.create(ns, new NewTask(r.getContainerId(), TaskMapper.mounts(r.getRootfsList()),
                new TaskIo(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                r.hasOptions() ? r.getOptions() : null, r.getRuntimePath()));
        reply(out, CreateTaskResponse.newBuilder().setContainerId(r.getContainerId()).setPid((int) pid).build());
    }

    @Override
    public void start(StartRequest r, StreamObserver<StartResponse> out) {
        long pid = tasks.start(RequestNamespace.current(), r.getContainerId(), r.getExecId());
        reply(out, StartResponse.newBuilder().setPid((int) pid).build());
    }

    @Override
    public void delete(DeleteTaskRequest r, StreamObserver<DeleteResponse> out) {
        ExitResult e = tasks.delete(RequestNamespace.current(), r.getContainerId());
        reply(out, TaskMapper.deleted("", e));
    }

    @Override
    public void deleteProcess(DeleteProcessRequest r, StreamObserver<DeleteResponse> out) {
        ExitResult e = tasks.deleteProcess(RequestNamespace.current(), r.getContainerId(), r.getExecId());
        reply(out, TaskMapper.deleted(r.getExecId(), e));
    }

    @Override
    public void get(GetRequest r, StreamObserver<GetResponse> out) {
        reply(out, GetResponse.newBuilder()
                .setProcess(TaskMapper.process(tasks.get(RequestNamespace.current(), r.getContainerId(), r.getExecId())))
                .build());
    }

    @Override
    public void list(ListTasksRequest r, StreamObserver<ListTasksResponse> out) {
        ListTasksResponse.Builder b = ListTasksResponse.newBuilder();
        tasks.list(RequestNamespace.current()).forEach(p -> b.addTasks(TaskMapper.process(p)));
        reply(out, b.build());
    }

    @Override
    public void kill(KillRequest r, StreamObserver<Empty> out) {
        tasks.kill(RequestNamespace.current(), r.getContainerId(), r.getExecId(), r.getSignal(), r.getAll());
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void exec(ExecProcessRequest r, StreamObserver<Empty> out) {
        tasks.exec(RequestNamespace.current(), r.getContainerId(), r.getExecId(),
                new TaskIo(r.getStdin(), r.getStdout(), r.getStderr(), r.getTerminal()),
                r.hasSpec() ? r.getSpec() : null);
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void resizePty(ResizePtyRequest r, StreamObserver<Empty> out) {
        tasks.resizePty(RequestNamespace.current(), r.getContainerId(), r.getExecId(), r.getWidth(), r.getHeight());
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void closeIO(CloseIORequest r, StreamObserver<Empty> out) {
        String ns = RequestNamespace.current();
        if (r.getStdin()) {
            tasks.closeStdin(ns, r.getContainerId(), r.getExecId());
        } else {
            tasks.get(ns, r.getContainerId(), r.getExecId());
        }
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void pause(PauseTaskRequest r, StreamObserver<Empty> out) {
        tasks.pause(RequestNamespace.current(), r.getContainerId());
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void resume(ResumeTaskRequest r, StreamObserver<Empty> out) {
        tasks.resume(RequestNamespace.current(), r.getContainerId());
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void listPids(ListPidsRequest r, StreamObserver<ListPidsResponse> out) {
        ListPidsResponse.Builder b = ListPidsResponse.newBuilder();
        tasks.pids(RequestNamespace.current(), r.getContainerId()).forEach(p -> b.addProcesses(TaskMapper.processInfo(p)));
        reply(out, b.build());
    }

    @Override
    public void checkpoint(CheckpointTaskRequest r, StreamObserver<CheckpointTaskResponse> out) {
        tasks.checkpoint(RequestNamespace.current(), r.getContainerId());
    }

    @Override
    public void update(UpdateTaskRequest r, StreamObserver<Empty> out) {
        tasks.update(RequestNamespace.current(), r.getContainerId(), r.hasResources() ? r.getResources() : null,
                r.getAnnotationsMap());
        reply(out, Empty.getDefaultInstance());
    }

    @Override
    public void metrics(MetricsRequest r, StreamObserver<MetricsResponse> out) {
        MetricsResponse.Builder b = MetricsResponse.newBuilder();
        tasks.metrics(RequestNamespace.current(), r.getFiltersList()).forEach(m -> b.addMetrics(TaskMapper.metric(m)));
        reply(out, b.build());
    }

    @Override
    public void wait(WaitRequest r, StreamObserver<WaitResponse> out) {
        ExitResult e;
        try {
            e = tasks.await(RequestNamespace.current(), r.getContainerId(), r.getExecId());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new CanceledException("wait for " + r.getContainerId() + " interrupted");
        }
        WaitResponse.Builder b = WaitResponse.newBuilder().setExitStatus(e.exitStatus());
        e.exitedAt().ifPresent(t -> b.setExitedAt(Timestamps.toProto(t)));
        reply(out, b.build());
    }

    private static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }
}
