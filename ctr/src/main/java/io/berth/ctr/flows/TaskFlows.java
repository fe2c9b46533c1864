package io.berth.ctr.flows;

import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.services.tasks.v1.DeleteResponse;
import io.berth.api.services.tasks.v1.DeleteTaskRequest;
import io.berth.api.services.tasks.v1.GetRequest;
import io.berth.api.types.task.Process;
import io.berth.ctr.Session;

/** containerd's Go client flows around a container's task, with the same RPCs in the same order. */
public final class TaskFlows {

  private TaskFlows() {}

  /**
   * {@code container.Task(ctx, nil)}: {@code Tasks.Get}; a missing task becomes {@code no running
   * task found: <err>} (still not found).
   */
  public static Process load(Stubs stubs, String containerId) {
    try {
      return Session.call(
              () -> stubs.tasks().get(GetRequest.newBuilder().setContainerId(containerId).build()))
          .getProcess();
    } catch (NotFoundException e) {
      throw e.withPrefix("no running task found");
    }
  }

  /** {@code task.Status}: {@code Tasks.Get}. */
  public static TaskState status(Stubs stubs, String containerId) {
    return TaskState.of(
        Session.call(
                () -> stubs.tasks().get(GetRequest.newBuilder().setContainerId(containerId).build()))
            .getProcess());
  }

  /**
   * {@code task.Delete}: {@code Tasks.Get}; the task must be stopped, unknown, or created with pid
   * 0 (else failed precondition {@code task must be stopped before deletion: <status>}); then
   * {@code Tasks.Delete}.
   */
  public static DeleteResponse delete(Stubs stubs, Process task) {
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
    return Session.call(
        () -> stubs.tasks().delete(DeleteTaskRequest.newBuilder().setContainerId(task.getId()).build()));
  }
}
