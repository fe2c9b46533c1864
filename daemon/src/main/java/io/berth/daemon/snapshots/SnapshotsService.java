package io.berth.daemon.snapshots;

import com.google.protobuf.Empty;
import io.berth.api.services.snapshots.v1.CleanupRequest;
import io.berth.api.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.api.services.snapshots.v1.ListSnapshotsResponse;
import io.berth.api.services.snapshots.v1.MountsRequest;
import io.berth.api.services.snapshots.v1.MountsResponse;
import io.berth.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.api.services.snapshots.v1.PrepareSnapshotResponse;
import io.berth.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.api.services.snapshots.v1.SnapshotsGrpc;
import io.berth.api.services.snapshots.v1.StatSnapshotRequest;
import io.berth.api.services.snapshots.v1.StatSnapshotResponse;
import io.berth.api.services.snapshots.v1.UpdateSnapshotRequest;
import io.berth.api.services.snapshots.v1.UpdateSnapshotResponse;
import io.berth.api.services.snapshots.v1.UsageRequest;
import io.berth.api.services.snapshots.v1.UsageResponse;
import io.berth.api.services.snapshots.v1.ViewSnapshotRequest;
import io.berth.api.services.snapshots.v1.ViewSnapshotResponse;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.UnknownException;
import io.berth.daemon.server.RequestNamespace;
import io.berth.metadata.snapshots.NamespacedSnapshots;
import io.berth.metadata.snapshots.NamespacedSnapshotter;
import io.berth.snapshots.Usage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * {@code containerd.services.snapshots.v1.Snapshots} over {@link NamespacedSnapshots}. As in
 * containerd the snapshotter name is resolved first (InvalidArgument {@code snapshotter not
 * loaded: <name>}), then the namespace header is checked by the snapshotter; so the service is
 * wired with {@code NamespaceInterceptor.headerOnly()}. Cleanup needs no namespace. List streams
 * the snapshots in messages of {@value #LIST_BATCH}.
 */
public final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {

  /** Infos per List message, as containerd sends them. */
  static final int LIST_BATCH = 100;

  private final NamespacedSnapshots snapshots;

  public SnapshotsService(NamespacedSnapshots snapshots) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
  }

  private static String ns() {
    return RequestNamespace.header();
  }

  @Override
  public void prepare(PrepareSnapshotRequest request, StreamObserver<PrepareSnapshotResponse> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    var mounts = sn.prepare(ns(), request.getKey(), request.getParent(), request.getLabelsMap());
    reply(out, PrepareSnapshotResponse.newBuilder()
        .addAllMounts(SnapshotMapper.toProto(mounts)).build());
  }

  @Override
  public void view(ViewSnapshotRequest request, StreamObserver<ViewSnapshotResponse> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    var mounts = sn.view(ns(), request.getKey(), request.getParent(), request.getLabelsMap());
    reply(out, ViewSnapshotResponse.newBuilder()
        .addAllMounts(SnapshotMapper.toProto(mounts)).build());
  }

  @Override
  public void mounts(MountsRequest request, StreamObserver<MountsResponse> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    var mounts = sn.mounts(ns(), request.getKey());
    reply(out, MountsResponse.newBuilder().addAllMounts(SnapshotMapper.toProto(mounts)).build());
  }

  @Override
  public void commit(CommitSnapshotRequest request, StreamObserver<Empty> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    sn.commit(ns(), request.getName(), request.getKey(), request.getLabelsMap());
    reply(out, Empty.getDefaultInstance());
  }

  @Override
  public void remove(RemoveSnapshotRequest request, StreamObserver<Empty> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    sn.remove(ns(), request.getKey());
    reply(out, Empty.getDefaultInstance());
  }

  @Override
  public void stat(StatSnapshotRequest request, StreamObserver<StatSnapshotResponse> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    reply(out, StatSnapshotResponse.newBuilder()
        .setInfo(SnapshotMapper.toProto(sn.stat(ns(), request.getKey()))).build());
  }

  @Override
  public void update(UpdateSnapshotRequest request, StreamObserver<UpdateSnapshotResponse> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    var updated = sn.update(ns(), SnapshotMapper.forUpdate(request.getInfo()),
        new HashSet<>(request.getUpdateMask().getPathsList()));
    reply(out, UpdateSnapshotResponse.newBuilder()
        .setInfo(SnapshotMapper.toProto(updated)).build());
  }

  /**
   * Batches of {@value #LIST_BATCH}; stops early when the client goes away. As containerd's List
   * returns the walk's error unconverted, a failed walk (bad namespace, bad filter) is Unknown
   * with the error's full text.
   */
  @Override
  public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    List<Info> all = new ArrayList<>();
    try {
      sn.walk(ns(), info -> all.add(SnapshotMapper.toProto(info)), request.getFiltersList());
    } catch (BerthException e) {
      throw new UnknownException(e.getMessage(), e);
    }
    ServerCallStreamObserver<ListSnapshotsResponse> call =
        (ServerCallStreamObserver<ListSnapshotsResponse>) out;
    for (int from = 0; from < all.size(); from += LIST_BATCH) {
      if (call.isCancelled()) {
        return;
      }
      out.onNext(ListSnapshotsResponse.newBuilder()
          .addAllInfo(all.subList(from, Math.min(all.size(), from + LIST_BATCH))).build());
    }
    out.onCompleted();
  }

  @Override
  public void usage(UsageRequest request, StreamObserver<UsageResponse> out) {
    NamespacedSnapshotter sn = snapshots.get(request.getSnapshotter());
    Usage usage = sn.usage(ns(), request.getKey());
    reply(out, UsageResponse.newBuilder().setSize(usage.size()).setInodes(usage.inodes()).build());
  }

  @Override
  public void cleanup(CleanupRequest request, StreamObserver<Empty> out) {
    snapshots.get(request.getSnapshotter()).cleanup();
    reply(out, Empty.getDefaultInstance());
  }

  private static <T> void reply(StreamObserver<T> out, T response) {
    out.onNext(response);
    out.onCompleted();
  }
}
