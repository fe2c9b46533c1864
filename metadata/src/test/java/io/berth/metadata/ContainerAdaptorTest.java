package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.UnknownException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerAdaptorTest {

  private static final byte[] KEY = "v1/ns/containers/c1".getBytes();

  @Test
  void readsTheFilterFieldsOfAStoredRecordAsTheDecodedContainerHasThem() {
    Instant t = Instant.parse("2026-01-02T03:04:05.123456789Z");
    Container c = Container.builder("c1")
        .labels(Map.of("a.b", "x", "k", "v=1", "ü", "ß"))
        .image("docker.io/library/alpine:latest")
        .runtime("io.containerd.runc.v2", new TypedValue("opts", new byte[] {1, 2}))
        .spec(new TypedValue("spec", new byte[700]))
        .snapshotter("overlayfs")
        .snapshotKey("key")
        .extensions(Map.of("e", new TypedValue("t", new byte[] {3})))
        .createdAt(t)
        .updatedAt(t)
        .build();
    byte[] stored = Codec.container(c);

    ContainerAdaptor read = Codec.containerFields("c1", KEY, stored, stored.length);

    assertThat(read).isEqualTo(new ContainerAdaptor("c1", Map.of("a.b", "x", "k", "v=1", "ü", "ß"),
        "docker.io/library/alpine:latest", "io.containerd.runc.v2"));
    ContainerAdaptor decoded = ContainerAdaptor.of(Codec.container("c1", KEY, stored));
    for (List<String> path : List.<List<String>>of(List.of("id"), List.of("image"), List.of("runtime", "name"),
        List.of("labels", "a", "b"), List.of("labels", "k"), List.of("labels", "missing"),
        List.of("snapshotter"), List.of())) {
      assertThat(read.field(path)).as("%s", path).isEqualTo(decoded.field(path));
    }
  }

  @Test
  void emptyRecordHasNoFields() {
    ContainerAdaptor read = Codec.containerFields("c1", KEY, new byte[0], 0);

    assertThat(read.field(List.of("image"))).isEmpty();
    assertThat(read.field(List.of("labels", "a"))).isEmpty();
    assertThat(read.field(List.of("id"))).contains("c1");
  }

  @Test
  void corruptRecordIsReportedWithItsKey() {
    assertThatThrownBy(() -> Codec.containerFields("c1", KEY, new byte[] {10, 50, 1}, 3))
        .isInstanceOf(UnknownException.class)
        .hasMessageContaining("corrupt record at");
  }
}
