package io.berth.ctr.flows;

import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainerMessage;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.api.types.task.Process;
import io.berth.ctr.Session;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** containerd's Go client flows for containers, with the same RPCs in the same order. */
public final class ContainerFlows {

  private ContainerFlows() {}

  /** {@code client.LoadContainer}: {@code Containers.Get}. */
  public static Container load(Stubs stubs, String id) {
    return Session.call(
            () -> stubs.containers().get(GetContainerRequest.newBuilder().setId(id).build()))
        .getContainer();
  }

  /**
   * {@code client.Containers}: {@code Containers.ListStream}, falling back to {@code List} only
   * when the server does not implement the stream.
   */
  public static List<Container> list(Stubs stubs, List<String> filters) {
    ListContainersRequest req = ListContainersRequest.newBuilder().addAllFilters(filters).build();
    List<Container> out = new ArrayList<>();
    try {
      Session.call(
          () -> {
            Iterator<ListContainerMessage> it = stubs.containers().listStream(req);
            while (it.hasNext()) {
              out.add(it.next().getContainer());
            }
            return out;
          });
      return out;
    } catch (NotImplementedException e) {
      if (!out.isEmpty()) {
        throw e;
      }
      return Session.call(() -> stubs.containers().list(req)).getContainersList();
    }
  }

  /**
   * {@code client.NewContainer}: under a fresh lease ({@link LeaseFlows#withLease}), {@code
   * Containers.Create}.
   */
  public static Container create(Stubs stubs, Container container, java.time.Instant now, java.time.ZoneId zone) {
    return LeaseFlows.withLease(
        stubs,
        now,
        zone,
        leased ->
            Session.call(
                    () ->
                        leased
                            .containers()
                            .create(CreateContainerRequest.newBuilder().setContainer(container).build()))
                .getContainer());
  }

  /**
   * {@code container.Delete}: {@code Tasks.Get} must fail (else failed precondition {@code cannot
   * delete running task <id>}), then {@code Containers.Get}, the snapshot cleanup when asked, and
   * {@code Containers.Delete}.
   */
  public static void delete(Stubs stubs, String id, boolean cleanupSnapshot) {
    boolean taskExists;
    try {
      TaskFlows.load(stubs, id);
      taskExists = true;
    } catch (BerthException e) {
      taskExists = false;
    }
    if (taskExists) {
      throw new FailedPreconditionException("cannot delete running task " + id);
    }
    Container c = load(stubs, id);
    if (cleanupSnapshot) {
      removeSnapshot(stubs, c);
    }
    Session.call(() -> stubs.containers().delete(DeleteContainerRequest.newBuilder().setId(id).build()));
  }

  /** {@code WithSnapshotCleanup}: removes the container's snapshot; a missing one is fine. */
  static void removeSnapshot(Stubs stubs, Container c) {
    if (c.getSnapshotKey().isEmpty()) {
      return;
    }
    if (c.getSnapshotter().isEmpty()) {
      throw new InvalidArgumentException("container.Snapshotter must be set to cleanup rootfs snapshot");
    }
    try {
      Session.call(
          () ->
              stubs
                  .snapshots()
                  .remove(
                      RemoveSnapshotRequest.newBuilder()
                          .setSnapshotter(c.getSnapshotter())
                          .setKey(c.getSnapshotKey())
                          .build()));
    } catch (NotFoundException e) {
      // already gone
    }
  }

  /**
   * ctr's {@code containers delete} for one container: {@code Containers.Get}, {@code Tasks.Get};
   * without a task, the container is deleted; a stopped or created task is deleted first; any
   * other task fails with {@code cannot delete a non stopped container: <status>}.
   */
  public static void deleteWithTask(Stubs stubs, String id, boolean cleanupSnapshot) {
    load(stubs, id);
    Process task;
    try {
      task = TaskFlows.load(stubs, id);
    } catch (BerthException e) {
      delete(stubs, id, cleanupSnapshot);
      return;
    }
    TaskState state = TaskFlows.status(stubs, task.getId());
    if (state.status().equals("stopped") || state.status().equals("created")) {
      TaskFlows.delete(stubs, task);
      delete(stubs, id, cleanupSnapshot);
      return;
    }
    throw new io.berth.api.errors.UnknownException("cannot delete a non stopped container: " + state);
  }
}
