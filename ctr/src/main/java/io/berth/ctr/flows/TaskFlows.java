package io.berth.ctr.flows;

import com.google.protobuf.Any;
import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.GrpcErrors;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.snapshots.v1.MountsRequest;
import io.berth.api.services.tasks.v1.CloseIORequest;
import io.berth.api.services.tasks.v1.CreateTaskRequest;
import io.berth.api.services.tasks.v1.DeleteProcessRequest;
import io.berth.api.services.tasks.v1.DeleteResponse;
import io.berth.api.services.tasks.v1.DeleteTaskRequest;
import io.berth.api.services.tasks.v1.ExecProcessRequest;
import io.berth.api.services.tasks.v1.GetRequest;
import io.berth.api.services.tasks.v1.KillRequest;
import io.berth.api.services.tasks.v1.ListPidsRequest;
import io.berth.api.services.tasks.v1.ListTasksRequest;
import io.berth.api.services.tasks.v1.MetricsRequest;
import io.berth.api.services.tasks.v1.PauseTaskRequest;
import io.berth.api.services.tasks.v1.ResizePtyRequest;
import io.berth.api.services.tasks.v1.ResumeTaskRequest;
import io.berth.api.services.tasks.v1.StartRequest;
import io.berth.api.services.tasks.v1.WaitRequest;
import io.berth.api.services.tasks.v1.WaitResponse;
import io.berth.api.types.Metric;
import io.berth.api.types.Mount;
import io.berth.api.types.task.Process;
import io.berth.api.types.task.ProcessInfo;
import io.berth.ctr.Session;
import io.berth.ctr.cio.FifoSet;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** containerd's Go client flows around a container's task, with the same RPCs in the same order. */
public final class TaskFlows {

  /** The exit status the Go client reports when waiting failed ({@code UnknownExitStatus}). */
  public static final int UNKNOWN_EXIT_STATUS = 255;

  private TaskFlows() {}

  /**
   * {@code container.Task(ctx, nil)}: {@code Tasks.Get}; a missing task becomes {@code no running
   * task found: <err>} (still not found).
   */
  public static Process load(Stubs stubs, String containerId) {
    try {
      return get(stubs, containerId, "");
    } catch (NotFoundException e) {
      throw e.withPrefix("no running task found");
    }
  }

  /**
   * {@code task.LoadProcess}: {@code Tasks.Get} for an exec process; a missing one becomes {@code
   * no running process found: <err>}.
   */
  public static Process loadProcess(Stubs stubs, String containerId, String execId) {
    try {
      return get(stubs, containerId, execId);
    } catch (NotFoundException e) {
      throw e.withPrefix("no running process found");
    }
  }

  /** {@code Tasks.Get} of the task ({@code execId} empty) or one of its exec processes. */
  public static Process get(Stubs stubs, String containerId, String execId) {
    return Session.call(
            () ->
                stubs
                    .tasks()
                    .get(GetRequest.newBuilder().setContainerId(containerId).setExecId(execId).build()))
        .getProcess();
  }

  /** {@code task.Status}: {@code Tasks.Get}. */
  public static TaskState status(Stubs stubs, String containerId) {
    return TaskState.of(get(stubs, containerId, ""));
  }

  /** {@code process.Status}: {@code Tasks.Get} of an exec process. */
  public static TaskState status(Stubs stubs, String containerId, String execId) {
    return TaskState.of(get(stubs, containerId, execId));
  }

  /** {@code Tasks.List}: every task of the namespace. */
  public static List<Process> list(Stubs stubs) {
    return Session.call(() -> stubs.tasks().list(ListTasksRequest.getDefaultInstance())).getTasksList();
  }

  /**
   * {@code container.NewTask}: {@code Containers.Get}; for a container with a snapshot, {@code
   * Snapshots.Mounts} gives the rootfs mounts; then {@code Tasks.Create} with the stream paths and
   * no options (the daemon uses the container's runtime options). Returns the task's pid.
   */
  public static int create(Stubs stubs, String containerId, FifoSet io) {
    Container c = ContainerFlows.load(stubs, containerId);
    CreateTaskRequest.Builder req =
        CreateTaskRequest.newBuilder()
            .setContainerId(containerId)
            .setTerminal(io.terminal())
            .setStdin(io.stdin())
            .setStdout(io.stdout())
            .setStderr(io.stderr());
    if (!c.getSnapshotKey().isEmpty()) {
      if (c.getSnapshotter().isEmpty()) {
        throw new InvalidArgumentException("unable to resolve rootfs mounts without snapshotter on container");
      }
      List<Mount> mounts =
          Session.call(
                  () ->
                      stubs
                          .snapshots()
                          .mounts(
                              MountsRequest.newBuilder()
                                  .setSnapshotter(c.getSnapshotter())
                                  .setKey(c.getSnapshotKey())
                                  .build()))
              .getMountsList();
      for (Mount m : mounts) {
        req.addRootfs(Mount.newBuilder().setType(m.getType()).setSource(m.getSource()).addAllOptions(m.getOptionsList()));
      }
    }
    return Session.call(() -> stubs.tasks().create(req.build())).getPid();
  }

  /**
   * {@code task.Wait} / {@code process.Wait}: starts {@code Tasks.Wait} now and completes with its
   * answer when the process exits. A failed wait completes with {@link #UNKNOWN_EXIT_STATUS} and
   * the error, as the Go client's {@code ExitStatus}.
   */
  public static CompletableFuture<ExitStatus> waitFor(Stubs stubs, String containerId, String execId) {
    CompletableFuture<ExitStatus> result = new CompletableFuture<>();
    Context ctx = Context.current();
    WaitRequest req = WaitRequest.newBuilder().setContainerId(containerId).setExecId(execId).build();
    ctx.run(
        () ->
            stubs
                .tasksAsync()
                .wait(
                    req,
                    new StreamObserver<>() {
                      @Override
                      public void onNext(WaitResponse r) {
                        result.complete(new ExitStatus(r.getExitStatus(), null));
                      }

                      @Override
                      public void onError(Throwable t) {
                        BerthException e;
                        if (t instanceof StatusRuntimeException s) {
                          Context previous = ctx.attach();
                          try {
                            e = GrpcErrors.fromStatus(Session.ownDeadline(s));
                          } finally {
                            ctx.detach(previous);
                          }
                        } else {
                          e = new UnknownException(String.valueOf(t.getMessage()), t);
                        }
                        result.complete(new ExitStatus(UNKNOWN_EXIT_STATUS, e));
                      }

                      @Override
                      public void onCompleted() {
                        result.complete(new ExitStatus(UNKNOWN_EXIT_STATUS, new UnknownException("wait ended without a status")));
                      }
                    }));
    return result;
  }

  /** What waiting for a process gave: its exit status, or the error that ended the wait. */
  public record ExitStatus(int code, BerthException error) {
    /** {@code ExitStatus.Result}: the code, or the error thrown. */
    public int result() {
      if (error != null) {
        throw error;
      }
      return code;
    }
  }

  /** {@code task.Start} / {@code process.Start}: {@code Tasks.Start}; returns the pid. */
  public static int start(Stubs stubs, String containerId, String execId) {
    return Session.call(
            () ->
                stubs
                    .tasks()
                    .start(StartRequest.newBuilder().setContainerId(containerId).setExecId(execId).build()))
        .getPid();
  }

  /** {@code Tasks.Kill}. */
  public static void kill(Stubs stubs, String containerId, String execId, int signal, boolean all) {
    Session.call(
        () ->
            stubs
                .tasks()
                .kill(
                    KillRequest.newBuilder()
                        .setContainerId(containerId)
                        .setExecId(execId)
                        .setSignal(signal)
                        .setAll(all)
                        .build()));
  }

  /** {@code CloseIO(WithStdinCloser)}: {@code Tasks.CloseIO} with stdin set. */
  public static void closeStdin(Stubs stubs, String containerId, String execId) {
    Session.call(
        () ->
            stubs
                .tasks()
                .closeIO(
                    CloseIORequest.newBuilder().setContainerId(containerId).setExecId(execId).setStdin(true).build()));
  }

  /** {@code Resize}: {@code Tasks.ResizePty}. */
  public static void resize(Stubs stubs, String containerId, String execId, int width, int height) {
    Session.call(
        () ->
            stubs
                .tasks()
                .resizePty(
                    ResizePtyRequest.newBuilder()
                        .setContainerId(containerId)
                        .setExecId(execId)
                        .setWidth(width)
                        .setHeight(height)
                        .build()));
  }

  /** {@code task.Exec}: {@code Tasks.Exec} with the process spec (JSON) and stream paths. */
  public static void exec(Stubs stubs, String containerId, String execId, Any processSpec, FifoSet io) {
    if (execId.isEmpty()) {
      throw new InvalidArgumentException("exec id must not be empty");
    }
    Session.call(
        () ->
            stubs
                .tasks()
                .exec(
                    ExecProcessRequest.newBuilder()
                        .setContainerId(containerId)
                        .setExecId(execId)
                        .setTerminal(io.terminal())
                        .setStdin(io.stdin())
                        .setStdout(io.stdout())
                        .setStderr(io.stderr())
                        .setSpec(processSpec)
                        .build()));
  }

  /**
   * {@code process.Delete}: {@code Tasks.Get} of the exec process, which must not be running,
   * paused or pausing; then {@code Tasks.DeleteProcess}.
   */
  public static DeleteResponse deleteProcess(Stubs stubs, String containerId, String execId) {
    TaskState state = status(stubs, containerId, execId);
    switch (state.status()) {
      case "running", "paused", "pausing" ->
          throw new FailedPreconditionException(
              "current process state: " + state.status() + ", process must be stopped before deletion");
      default -> {}
    }
    return Session.call(
        () ->
            stubs
                .tasks()
                .deleteProcess(DeleteProcessRequest.newBuilder().setContainerId(containerId).setExecId(execId).build()));
  }

  /** {@code task.Pids}: {@code Tasks.ListPids}. */
  public static List<ProcessInfo> pids(Stubs stubs, String containerId) {
    return Session.call(
            () -> stubs.tasks().listPids(ListPidsRequest.newBuilder().setContainerId(containerId).build()))
        .getProcessesList();
  }

  /**
   * {@code task.Metrics}: {@code Tasks.Metrics} filtered to {@code id==<id>}; the first metric.
   * With none, {@code Tasks.Get} (a missing task is reported as such), else {@code no metrics
   * received}.
   */
  public static Metric metrics(Stubs stubs, String containerId) {
    List<Metric> metrics =
        Session.call(() -> stubs.tasks().metrics(MetricsRequest.newBuilder().addFilters("id==" + containerId).build()))
            .getMetricsList();
    if (metrics.isEmpty()) {
      try {
        status(stubs, containerId);
      } catch (NotFoundException e) {
        throw e;
      } catch (BerthException ignored) {
        // the Go client only reports a missing task
      }
      throw new UnknownException("no metrics received");
    }
    return metrics.getFirst();
  }

  /** {@code task.Pause}: {@code Tasks.Pause}. */
  public static void pause(Stubs stubs, String containerId) {
    Session.call(() -> stubs.tasks().pause(PauseTaskRequest.newBuilder().setContainerId(containerId).build()));
  }

  /** {@code task.Resume}: {@code Tasks.Resume}. */
  public static void resume(Stubs stubs, String containerId) {
    Session.call(() -> stubs.tasks().resume(ResumeTaskRequest.newBuilder().setContainerId(containerId).build()));
  }

  /**
   * {@code task.Delete} for a task loaded with {@code cio.Load}: as {@link #delete(Stubs, Process,
   * Runnable)}, closing the IO by removing the FIFOs the task was created with.
   */
  public static DeleteResponse delete(Stubs stubs, Process task) {
    return delete(stubs, task, () -> FifoSet.of(task).remove());
  }

  /**
   * {@code task.Delete}: {@code Tasks.Get}; the task must be stopped, unknown, or created with pid
   * 0 (else failed precondition {@code task must be stopped before deletion: <status>}); then the
   * client's IO is closed ({@code closeIo}) and {@code Tasks.Delete} is sent.
   */
  public static DeleteResponse delete(Stubs stubs, Process task, Runnable closeIo) {
    TaskState state;
    try {
      state = status(stubs, task.getId());
    } catch (NotFoundException e) {
      throw e;
    } catch (BerthException e) {
      state = TaskState.none(); // the Go client goes on with an empty status
    }
    boolean deletable =
        switch (state.status()) {
          case "stopped", "unknown", "" -> true;
          case "created" -> task.getPid() == 0;
          default -> false;
        };
    if (!deletable) {
      throw new FailedPreconditionException("task must be stopped before deletion: " + state.status());
    }
    closeIo.run();
    return Session.call(
        () -> stubs.tasks().delete(DeleteTaskRequest.newBuilder().setContainerId(task.getId()).build()));
  }
}
