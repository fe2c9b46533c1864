package io.berth.bench.workloads;

import io.berth.api.client.Stubs;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.api.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.api.services.snapshots.v1.SnapshotsGrpc.SnapshotsBlockingStub;
import io.berth.bench.targets.RemoteTarget;
import io.berth.mount.Mount;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Snapshots service calls of one client of a daemon in one namespace, on the {@value
 * #SNAPSHOTTER} snapshotter, as {@code ctr snapshots} sends them: Prepare and Commit carry the
 * label {@value #GC_ROOT} (the time, RFC 3339), without which containerd's garbage collector may
 * remove a snapshot that no lease holds while the client still works on it.
 */
final class SnapshotCalls {

  static final String SNAPSHOTTER = "overlayfs";

  static final String GC_ROOT = "containerd.io/gc.root";

  private static final long DEADLINE_SECONDS = 120;

  private final Stubs stubs;

  SnapshotCalls(RemoteTarget target, int client, String namespace) {
    this.stubs = target.client(client).withNamespace(namespace);
  }

  private SnapshotsBlockingStub snapshots() {
    return stubs.snapshots().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** Prepares active snapshot {@code key} on {@code parent} ("" for none); returns its mounts. */
  List<Mount> prepare(String key, String parent) {
    return snapshots().prepare(PrepareSnapshotRequest.newBuilder()
            .setSnapshotter(SNAPSHOTTER).setKey(key).setParent(parent).putLabels(GC_ROOT, now())
            .build())
        .getMountsList().stream()
        .map(m -> new Mount(m.getType(), m.getSource(), m.getTarget(), m.getOptionsList()))
        .toList();
  }

  void commit(String name, String key) {
    snapshots().commit(CommitSnapshotRequest.newBuilder()
        .setSnapshotter(SNAPSHOTTER).setName(name).setKey(key).putLabels(GC_ROOT, now()).build());
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  void remove(String key) {
    snapshots().remove(RemoveSnapshotRequest.newBuilder()
        .setSnapshotter(SNAPSHOTTER).setKey(key).build());
  }

  /** Every snapshot of the namespace. */
  List<Info> list() {
    List<Info> all = new ArrayList<>();
    snapshots().list(ListSnapshotsRequest.newBuilder().setSnapshotter(SNAPSHOTTER).build())
        .forEachRemaining(r -> all.addAll(r.getInfoList()));
    return all;
  }

  /**
   * Removes every snapshot of the namespace, children before their parents, then the namespace
   * itself: the clean-up after a repetition, also after one that failed half-way.
   */
  void removeEverything(String namespace) {
    List<Info> left = list();
    while (!left.isEmpty()) {
      Map<String, Integer> children = new HashMap<>();
      for (Info i : left) {
        if (!i.getParent().isEmpty()) {
          children.merge(i.getParent(), 1, Integer::sum);
        }
      }
      List<Info> leaves = left.stream().filter(i -> !children.containsKey(i.getName())).toList();
      if (leaves.isEmpty()) {
        throw new IllegalStateException("snapshots of " + namespace + " form a cycle: " + left);
      }
      for (Info leaf : leaves) {
        try {
          remove(leaf.getName());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
            throw e;
          }
        }
      }
      left = list();
    }
    try {
      stubs.namespaces().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .delete(DeleteNamespaceRequest.newBuilder().setName(namespace).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
  }
}
