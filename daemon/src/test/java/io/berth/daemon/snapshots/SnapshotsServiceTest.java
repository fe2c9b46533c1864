package io.berth.daemon.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.FieldMask;
import io.berth.api.client.BerthClient;
import io.berth.api.services.snapshots.v1.CleanupRequest;
import io.berth.api.services.snapshots.v1.CommitSnapshotRequest;
import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.services.snapshots.v1.Kind;
import io.berth.api.services.snapshots.v1.ListSnapshotsRequest;
import io.berth.api.services.snapshots.v1.ListSnapshotsResponse;
import io.berth.api.services.snapshots.v1.MountsRequest;
import io.berth.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.berth.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.berth.api.services.snapshots.v1.SnapshotsGrpc.SnapshotsBlockingStub;
import io.berth.api.services.snapshots.v1.StatSnapshotRequest;
import io.berth.api.services.snapshots.v1.UpdateSnapshotRequest;
import io.berth.api.services.snapshots.v1.UsageRequest;
import io.berth.api.services.snapshots.v1.ViewSnapshotRequest;
import io.berth.api.types.Mount;
import io.berth.daemon.Berth;
import io.berth.daemon.GrpcServices;
import io.berth.daemon.version.BuildInfo;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Snapshots service in-process, wired by the composition root as berthd wires it. */
class SnapshotsServiceTest {

  @TempDir
  Path root;

  Berth berth;
  Server server;
  BerthClient client;
  SnapshotsBlockingStub snapshots;

  @BeforeEach
  void start() throws Exception {
    berth = Berth.open(root);
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    GrpcServices.of(berth, new BuildInfo("test", "test")).addTo(builder);
    server = builder.build().start();
    client = BerthClient.inProcess(name);
    snapshots = client.withNamespace("default").snapshots();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdownNow().awaitTermination();
    berth.close();
  }

  private static Status status(Supplier<?> call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::get).getStatus();
  }

  private static PrepareSnapshotRequest prepare(String key, String parent) {
    return PrepareSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey(key)
        .setParent(parent).build();
  }

  private Info stat(String key) {
    return snapshots.stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs")
        .setKey(key).build()).getInfo();
  }

  @Test
  void lifecycleOverTheWire() {
    List<Mount> mounts = snapshots.prepare(PrepareSnapshotRequest.newBuilder()
        .setSnapshotter("overlayfs").setKey("a").putLabels("containerd.io/gc.root", "x").build())
        .getMountsList();
    assertThat(mounts).singleElement().satisfies(m -> {
      assertThat(m.getType()).isEqualTo("bind");
      assertThat(m.getSource()).startsWith(root.resolve(
          "io.containerd.snapshotter.v1.overlayfs/snapshots/").toString()).endsWith("/fs");
      assertThat(m.getOptionsList()).containsExactly("rw", "rbind");
    });
    assertThat(stat("a").getKind()).isEqualTo(Kind.ACTIVE);
    assertThat(stat("a").getLabelsMap()).containsEntry("containerd.io/gc.root", "x");

    snapshots.commit(CommitSnapshotRequest.newBuilder().setSnapshotter("overlayfs")
        .setName("base").setKey("a").build());
    Info base = stat("base");
    assertThat(base.getKind()).isEqualTo(Kind.COMMITTED);
    assertThat(base.getCreatedAt()).isEqualTo(base.getUpdatedAt());
    assertThat(base.getLabelsMap()).isEmpty();

    assertThat(snapshots.view(ViewSnapshotRequest.newBuilder().setSnapshotter("overlayfs")
        .setKey("v").setParent("base").build()).getMountsList().getFirst().getOptionsList())
        .containsExactly("ro", "rbind");
    assertThat(snapshots.prepare(prepare("top", "base")).getMountsList().getFirst().getType())
        .isEqualTo("overlay");
    assertThat(snapshots.mounts(MountsRequest.newBuilder().setSnapshotter("overlayfs")
        .setKey("top").build()).getMountsList().getFirst().getType()).isEqualTo("overlay");

    Info updated = snapshots.update(UpdateSnapshotRequest.newBuilder().setSnapshotter("overlayfs")
        .setInfo(Info.newBuilder().setName("base").putLabels("k", "v").setKind(Kind.COMMITTED))
        .setUpdateMask(FieldMask.newBuilder().addPaths("labels.k"))
        .build()).getInfo();
    assertThat(updated.getLabelsMap()).containsOnlyKeys("k");
    assertThat(updated.getParent()).isEmpty();
    assertThat(updated.getName()).isEqualTo("base");

    assertThat(snapshots.usage(UsageRequest.newBuilder().setSnapshotter("overlayfs")
        .setKey("top").build()).getInodes()).isEqualTo(1);

    snapshots.remove(RemoveSnapshotRequest.newBuilder().setSnapshotter("overlayfs")
        .setKey("top").build());
    assertThat(status(() -> stat("top")).getDescription())
        .isEqualTo("snapshot top does not exist: not found");
  }

  @Test
  void errorsCarryContainerdsCodesAndTexts() {
    Status unknown = status(() -> snapshots.stat(StatSnapshotRequest.newBuilder()
        .setSnapshotter("zfs").setKey("k").build()));
    assertThat(unknown.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.getDescription()).isEqualTo("snapshotter not loaded: zfs: invalid argument");

    snapshots.prepare(prepare("a", ""));
    Status exists = status(() -> snapshots.prepare(prepare("a", "")));
    assertThat(exists.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(exists.getDescription()).isEqualTo("snapshot \"a\": already exists");

    Status child = status(() -> snapshots.prepare(prepare("b", "a")));
    assertThat(child.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(child.getDescription()).isEqualTo(
        "failed to create snapshot: parent \"a\" is not committed snapshot: invalid argument");

    Status noNamespace = status(() -> client.stubs().snapshots().prepare(prepare("x", "")));
    assertThat(noNamespace.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(noNamespace.getDescription()).isEqualTo("namespace is required: failed precondition");
    Status badNamespace = status(() ->
        client.withNamespace("bad/ns").snapshots().prepare(prepare("x", "")));
    assertThat(badNamespace.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

    Status empty = status(() -> snapshots.prepare(prepare("", "")));
    assertThat(empty.getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(empty.getDescription()).isEqualTo("bucket name required");

    Status badFilter = status(() -> snapshots.list(ListSnapshotsRequest.newBuilder()
        .setSnapshotter("overlayfs").addFilters("name=~x").build()).hasNext());
    assertThat(badFilter.getCode()).as("containerd's List does not convert its walk's errors")
        .isEqualTo(Status.Code.UNKNOWN);
    assertThat(badFilter.getDescription()).startsWith("filters: parse error: ")
        .endsWith(": invalid argument");
    Status badNamespace2 = status(() -> client.withNamespace("bad/ns").snapshots()
        .list(ListSnapshotsRequest.newBuilder().setSnapshotter("overlayfs").build()).hasNext());
    assertThat(badNamespace2.getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(badNamespace2.getDescription()).startsWith("namespace validation: identifier");
  }

  @Test
  void listStreamsBatchesOfAHundred() {
    for (int i = 0; i < 250; i++) {
      snapshots.view(ViewSnapshotRequest.newBuilder().setSnapshotter("native")
          .setKey(String.format("k%03d", i)).build());
    }
    Iterator<ListSnapshotsResponse> it = snapshots.list(ListSnapshotsRequest.newBuilder()
        .setSnapshotter("native").build());
    List<Integer> sizes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    it.forEachRemaining(r -> {
      sizes.add(r.getInfoCount());
      r.getInfoList().forEach(i -> names.add(i.getName()));
    });
    assertThat(sizes).containsExactly(100, 100, 50);
    assertThat(names).hasSize(250).isSorted();
    assertThat(snapshots.list(ListSnapshotsRequest.newBuilder().setSnapshotter("overlayfs")
        .build()).hasNext()).isFalse();
    assertThat(client.withNamespace("other").snapshots().list(ListSnapshotsRequest.newBuilder()
        .setSnapshotter("native").build()).hasNext()).isFalse();
  }

  @Test
  void cleanupNeedsNoNamespace() {
    client.stubs().snapshots().cleanup(CleanupRequest.newBuilder().setSnapshotter("overlayfs")
        .build());
    assertThat(status(() -> client.stubs().snapshots().cleanup(CleanupRequest.newBuilder()
        .build())).getDescription()).isEqualTo("snapshotter argument missing: invalid argument");
  }
}
