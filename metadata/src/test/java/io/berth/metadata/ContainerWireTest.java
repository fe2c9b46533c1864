package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.berth.api.errors.UnknownException;
import io.berth.metadata.stored.ContainerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerWireTest {

  private static final Instant CREATED = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
  private static final Instant UPDATED = Instant.ofEpochSecond(1_700_000_100L, 5);

  /** The wire Container built field by field from the record, as the daemon's mapper does. */
  private static io.berth.api.services.containers.v1.Container expected(Container c) {
    var runtime = io.berth.api.services.containers.v1.Container.Runtime.newBuilder()
        .setName(c.runtime().name());
    if (c.runtime().options() != null) {
      runtime.setOptions(any(c.runtime().options()));
    }
    var b = io.berth.api.services.containers.v1.Container.newBuilder()
        .setId(c.id())
        .putAllLabels(c.labels())
        .setImage(c.image())
        .setRuntime(runtime)
        .setSnapshotter(c.snapshotter())
        .setSnapshotKey(c.snapshotKey())
        .setCreatedAt(timestamp(c.createdAt()))
        .setUpdatedAt(timestamp(c.updatedAt()));
    if (c.spec() != null) {
      b.setSpec(any(c.spec()));
    }
    c.extensions().forEach((k, v) -> b.putExtensions(k, any(v)));
    return b.build();
  }

  private static Any any(TypedValue v) {
    return Any.newBuilder().setTypeUrl(v.typeUrl()).setValue(v.bytes()).build();
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  private static io.berth.api.services.containers.v1.Container wire(Container c)
      throws InvalidProtocolBufferException {
    byte[] record = Codec.container(c);
    byte[] key = Keys.container("ns", c.id());
    return io.berth.api.services.containers.v1.GetContainerResponse.parseFrom(
        Codec.embedded(1, c.id(), key, record)).getContainer();
  }

  private static Container.Builder stored(String id) {
    return Container.builder(id).createdAt(CREATED).updatedAt(UPDATED);
  }

  @Test
  void everyFieldSet() throws Exception {
    Map<String, TypedValue> extensions = new LinkedHashMap<>();
    extensions.put("a", new TypedValue("t/a", new byte[] {1, 2, 3}));
    extensions.put("empty", TypedValue.EMPTY);
    Container c = stored("web-1")
        .labels(Map.of("app", "web", "tier", "front", "ünï", "cödé"))
        .image("docker.io/library/busybox:latest")
        .runtime("io.containerd.runc.v2", new TypedValue("containerd.runc.v1.Options",
            new byte[] {8, 1}))
        .spec(new TypedValue("types.containerd.io/opencontainers/runtime-spec/1/Spec",
            "{\"ociVersion\":\"1.0.2\"}".getBytes(StandardCharsets.UTF_8)))
        .snapshotter("overlayfs")
        .snapshotKey("web-1")
        .extensions(extensions)
        .build();
    assertThat(wire(c)).isEqualTo(expected(c));
  }

  @Test
  void fewestFieldsSet() throws Exception {
    Container c = stored("x").runtime("r", null).spec(TypedValue.EMPTY).build();
    var w = wire(c);
    assertThat(w).isEqualTo(expected(c));
    assertThat(w.hasRuntime()).isTrue();
    assertThat(w.getRuntime().hasOptions()).isFalse();
    assertThat(w.hasSpec()).isTrue();
  }

  @Test
  void runtimeAlwaysSentEvenWhenEmpty() throws Exception {
    Container c = stored("x").build();
    var w = wire(c);
    assertThat(w).isEqualTo(expected(c));
    assertThat(w.hasRuntime()).isTrue();
    assertThat(w.hasSpec()).isFalse();
  }

  @Test
  void optionsWithoutName() throws Exception {
    Container c = stored("x").runtime("", new TypedValue("t", new byte[0])).build();
    assertThat(wire(c)).isEqualTo(expected(c));
  }

  @Test
  void largeFieldsNeedLongerLengthPrefixes() throws Exception {
    byte[] spec = "s".repeat(70_000).getBytes(StandardCharsets.UTF_8);
    Container c = stored("big").runtime("n".repeat(200), new TypedValue("o", new byte[300]))
        .spec(new TypedValue("spec", spec)).labels(Map.of("k", "v".repeat(4000))).build();
    assertThat(wire(c)).isEqualTo(expected(c));
  }

  @Test
  void fieldsAfterRuntimeInAnyOrderAreCopied() throws Exception {
    // A record written with the runtime's fields last still gives one Runtime message.
    ContainerRecord r = ContainerRecord.newBuilder().setImage("img").setSpec(
        io.berth.metadata.stored.TypedValueRecord.newBuilder().setTypeUrl("t")).build();
    byte[] tail = ContainerRecord.newBuilder().setRuntimeName("rt").build().toByteArray();
    byte[] record = concat(r.toByteArray(), tail);
    var w = io.berth.api.services.containers.v1.GetContainerResponse.parseFrom(
        Codec.embedded(1, "id", Keys.container("ns", "id"), record)).getContainer();
    assertThat(w.getId()).isEqualTo("id");
    assertThat(w.getImage()).isEqualTo("img");
    assertThat(w.getRuntime().getName()).isEqualTo("rt");
    assertThat(w.getSpec().getTypeUrl()).isEqualTo("t");
  }

  @Test
  void corruptRecordNamesItsKey() {
    byte[] key = Keys.container("ns", "bad");
    for (byte[] record : List.of(new byte[] {0x0a, 0x05, 1}, new byte[] {(byte) 0xff})) {
      assertThatThrownBy(() -> Codec.embedded(1, "bad", key, record))
          .isInstanceOf(UnknownException.class)
          .hasMessageContaining("corrupt record at v1/ns/containers/bad");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
