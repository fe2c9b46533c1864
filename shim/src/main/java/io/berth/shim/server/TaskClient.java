package io.berth.shim.server;

import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
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
import io.berth.api.ttrpc.TtrpcClient;
import io.berth.api.ttrpc.TtrpcException;
import java.time.Duration;
import java.util.Map;

/**
 * Calls a shim's {@code containerd.task.v2.Task} over a ttrpc connection, each call limited to
 * this view's timeout (none when null). Failures are {@link TtrpcException}s.
 */
public final class TaskClient {
    private final TtrpcClient client;
    private final Duration timeout;

    public TaskClient(TtrpcClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** The same connection with another timeout (null: none). */
    public TaskClient withTimeout(Duration limit) {
        return new TaskClient(client, limit);
    }

    private <R> R call(String method, MessageLite request, Parser<R> parser) {
        return client.call(TaskService.NAME, method, request, parser, timeout, Map.of());
    }

    public StateResponse state(StateRequest r) {
        return call("State", r, StateResponse.parser());
    }

    public CreateTaskResponse create(CreateTaskRequest r) {
        return call("Create", r, CreateTaskResponse.parser());
    }

    public StartResponse start(StartRequest r) {
        return call("Start", r, StartResponse.parser());
    }

    public DeleteResponse delete(DeleteRequest r) {
        return call("Delete", r, DeleteResponse.parser());
    }

    public PidsResponse pids(PidsRequest r) {
        return call("Pids", r, PidsResponse.parser());
    }

    public Empty pause(PauseRequest r) {
        return call("Pause", r, Empty.parser());
    }

    public Empty resume(ResumeRequest r) {
        return call("Resume", r, Empty.parser());
    }

    public Empty checkpoint(CheckpointTaskRequest r) {
        return call("Checkpoint", r, Empty.parser());
    }

    public Empty kill(KillRequest r) {
        return call("Kill", r, Empty.parser());
    }

    public Empty exec(ExecProcessRequest r) {
        return call("Exec", r, Empty.parser());
    }

    public Empty resizePty(ResizePtyRequest r) {
        return call("ResizePty", r, Empty.parser());
    }

    public Empty closeIO(CloseIORequest r) {
        return call("CloseIO", r, Empty.parser());
    }

    public Empty update(UpdateTaskRequest r) {
        return call("Update", r, Empty.parser());
    }

    public WaitResponse wait(WaitRequest r) {
        return call("Wait", r, WaitResponse.parser());
    }

    public StatsResponse stats(StatsRequest r) {
        return call("Stats", r, StatsResponse.parser());
    }

    public ConnectResponse connect(ConnectRequest r) {
        return call("Connect", r, ConnectResponse.parser());
    }

    public Empty shutdown(ShutdownRequest r) {
        return call("Shutdown", r, Empty.parser());
    }
}
