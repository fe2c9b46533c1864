package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ContainerStoreTest extends StoreTestBase {

  static final TypedValue SPEC = new TypedValue(
      "types.containerd.io/opencontainers/runtime-spec/1/Spec",
      "{\"ociVersion\":\"1.0.2\"}".getBytes(StandardCharsets.UTF_8));
  static final TypedValue OPTIONS = new TypedValue("containerd.runc.v1.Options", new byte[] {8, 1});

  static Container.Builder valid(String id) {
    return Container.builder(id).runtime("io.containerd.runc.v2", OPTIONS).spec(SPEC);
  }

  ContainerStore store() {
    return db.containers();
  }

  private void assertCreateInvalid(Container c, String detail) {
    assertThatThrownBy(() -> store().create("default", c))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("create container failed validation: " + detail + ": invalid argument");
  }

  @Test
  void validationRulesInOrder() {
    assertCreateInvalid(valid("").build(), "container.ID: identifier must not be empty");
    String longId = "a".repeat(77);
    assertCreateInvalid(valid(longId).build(),
        "container.ID: identifier \"" + longId + "\" greater than maximum length (76 characters)");
    assertCreateInvalid(valid("a/b").build(),
        "container.ID: identifier \"a/b\" must match ^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$");
    assertCreateInvalid(valid("x").extensions(Map.of("", TypedValue.EMPTY)).build(),
        "container.Extension keys must not be zero-length");
    assertCreateInvalid(valid("x").labels(Map.of("0123456789abc", "v".repeat(4090))).build(),
        "containers.Labels: label key and value greater than maximum size (4096 bytes), "
            + "key: 0123456789");
    assertCreateInvalid(valid("x").runtime("", null).build(),
        "container.Runtime.Name must be set");
    assertCreateInvalid(valid("x").spec(null).build(), "container.Spec must be set");
    assertCreateInvalid(valid("x").snapshotKey("k").build(),
        "container.Snapshotter must be set if container.SnapshotKey is set");
    // The first failing rule wins.
    assertCreateInvalid(valid("").runtime("", null).spec(null).build(),
        "container.ID: identifier must not be empty");
    assertThat(store().list("default")).isEmpty();
  }

  @Test
  void anEmptyAnyIsASetSpecAndImageIsNotValidated() {
    Container c = store().create("default", valid("x").spec(TypedValue.EMPTY).image("").build());
    assertThat(c.spec()).isEqualTo(TypedValue.EMPTY);
    assertThat(store().get("default", "x").spec()).isEqualTo(TypedValue.EMPTY);
  }

  @Test
  void createStampsIdenticalTimesAndDropsEmptyLabels() {
    Container request = valid("web").labels(Map.of("a", "1", "gone", ""))
        .image("docker.io/library/busybox:latest").snapshotter("overlayfs").snapshotKey("web")
        .createdAt(T0.minusSeconds(999)).updatedAt(T0.plusSeconds(999))
        .extensions(Map.of("ext", new TypedValue("t", new byte[] {1, 2}))).build();
    Container created = store().create("default", request);
    assertThat(created.createdAt()).isEqualTo(T0).isEqualTo(created.updatedAt());
    assertThat(created.labels()).containsExactly(Map.entry("a", "1"));
    assertThat(created.image()).isEqualTo("docker.io/library/busybox:latest");
    assertThat(created.runtime()).isEqualTo(new Container.Runtime("io.containerd.runc.v2", OPTIONS));
    assertThat(created.snapshotter()).isEqualTo("overlayfs");
    assertThat(created.snapshotKey()).isEqualTo("web");
    assertThat(created.extensions()).containsExactly(
        Map.entry("ext", new TypedValue("t", new byte[] {1, 2})));
    assertThat(store().get("default", "web")).isEqualTo(created);
  }

  @Test
  void runtimeOptionsMayBeUnset() {
    Container c = store().create("default", valid("x").runtime("io.containerd.runc.v2", null).build());
    assertThat(c.runtime().options()).isNull();
    assertThat(store().get("default", "x").runtime().options()).isNull();
  }

  @Test
  void createRefusesADuplicateButNotInAnotherNamespace() {
    store().create("default", valid("x").build());
    assertThatThrownBy(() -> store().create("default", valid("x").build()))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("container \"x\": already exists");
    assertThat(store().create("other", valid("x").build()).id()).isEqualTo("x");
    // Validation comes before the existence check.
    assertThatThrownBy(() -> store().create("default", valid("x").spec(null).build()))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void namespaceRules() {
    assertThatThrownBy(() -> store().create("", valid("x").build()))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("namespace is required: failed precondition");
    assertThatThrownBy(() -> store().list("a/b"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("namespace validation: identifier \"a/b\" must match "
            + "^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$: invalid argument");
  }

  @Test
  void createMakesTheNamespaceImplicitly() {
    assertThat(db.namespaces().list()).isEmpty();
    store().create("moby", valid("x").build());
    assertThat(db.namespaces().list()).containsExactly(new Namespace("moby", Map.of()));
  }

  @Test
  void getNotFound() {
    assertThatThrownBy(() -> store().get("default", "nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("container \"nope\" in namespace \"default\": not found");
    assertThatThrownBy(() -> store().get("default", "../x"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("container \"../x\" in namespace \"default\": not found");
  }

  @Test
  void listIsOrderedByIdAndFiltered() {
    store().create("default", valid("b").image("busybox").labels(Map.of("app", "web")).build());
    store().create("default", valid("a").image("alpine").labels(Map.of("a.b", "dotted")).build());
    store().create("default", valid("c").runtime("io.containerd.runtime.v1.linux", null).build());
    store().create("other", valid("z").build());
    assertThat(ids(store().list("default"))).containsExactly("a", "b", "c");
    assertThat(ids(store().list("default", "image==busybox"))).containsExactly("b");
    assertThat(ids(store().list("default", "image"))).containsExactly("a", "b");
    assertThat(ids(store().list("default", "id~=^[ab]$"))).containsExactly("a", "b");
    assertThat(ids(store().list("default", "runtime.name==io.containerd.runc.v2")))
        .containsExactly("a", "b");
    assertThat(ids(store().list("default", "labels.app==web", "id==c"))).containsExactly("b", "c");
    assertThat(ids(store().list("default", "labels.\"a.b\"==dotted"))).containsExactly("a");
    assertThat(ids(store().list("default", "labels.a.b"))).containsExactly("a");
    assertThat(ids(store().list("default", "image!=alpine"))).containsExactly("b", "c");
    assertThat(ids(store().list("default", "runtime"))).isEmpty();
    assertThat(ids(store().list("empty"))).isEmpty();
    assertThatThrownBy(() -> store().list("default", "image=="))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("filters: parse error: [image==]: expected value or quoted: "
            + "invalid argument: invalid argument");
  }

  @Test
  void embeddedReadsGiveTheSameContainersAsDecodedOnes() throws Exception {
    store().create("default", valid("b").image("busybox").labels(Map.of("app", "web")).build());
    store().create("default", valid("a").snapshotter("overlayfs").snapshotKey("a")
        .extensions(Map.of("x", OPTIONS)).build());
    // Larger than a scan's first buffer and than a block of the list: both grow.
    store().create("default", valid("c").spec(new TypedValue("t",
        new byte[Embedding.BLOCK + 10])).build());
    for (List<String> filters : List.of(List.<String>of(), List.of("labels.app==web"))) {
      List<Container> decoded = store().list("default", filters);
      var listed = io.berth.api.services.containers.v1.ListContainersResponse.parseFrom(
          store().listEmbedded("default", filters, 1)).getContainersList();
      assertThat(listed).hasSameSizeAs(decoded);
      for (int i = 0; i < decoded.size(); i++) {
        var wire = listed.get(i);
        assertThat(wire.getId()).isEqualTo(decoded.get(i).id());
        assertThat(wire.getLabelsMap()).isEqualTo(decoded.get(i).labels());
        assertThat(wire.getSnapshotKey()).isEqualTo(decoded.get(i).snapshotKey());
        assertThat(wire.getSpec().getValue()).isEqualTo(decoded.get(i).spec().bytes());
        assertThat(wire.getUpdatedAt().getNanos())
            .isEqualTo(decoded.get(i).updatedAt().getNano());
        assertThat(io.berth.api.services.containers.v1.GetContainerResponse.parseFrom(
            store().getEmbedded("default", decoded.get(i).id(), 1)).getContainer())
            .isEqualTo(wire);
      }
    }
    assertThat(store().listEmbedded("empty", List.of(), 1).isEmpty()).isTrue();
    assertThatThrownBy(() -> store().getEmbedded("default", "nope", 1))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("container \"nope\" in namespace \"default\": not found");
    assertThatThrownBy(() -> store().getEmbedded("default", "../x", 1))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("container \"../x\" in namespace \"default\": not found");
    assertThatThrownBy(() -> store().listEmbedded("default", List.of("image=="), 1))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void aListSentFromReusedBlocksHasTheBytesOfAFreshOne() throws Exception {
    // more than one block of containers, so that the second list reuses several blocks
    for (int i = 0; i < 80; i++) {
      store().create("default", valid(String.format("c%03d", i))
          .labels(Map.of("n", Integer.toString(i % 7))).build());
    }
    for (List<String> filters : List.of(List.<String>of(), List.of("labels.n==3"),
        List.<String>of(), List.of("labels.n==5"))) {
      ByteString fresh = store().listEmbedded("default", filters, 1);
      List<ByteString> sent = new ArrayList<>();
      store().listEmbedded("default", filters, 1, bytes -> sent.add(ByteString.copyFrom(
          bytes.toByteArray())));
      assertThat(sent).containsExactly(fresh);
    }
    // the blocks went back to the pool: the next list overwrites the first one's
    ByteString[] first = new ByteString[1];
    store().listEmbedded("default", List.of(), 1, bytes -> first[0] = bytes);
    ByteString copy = ByteString.copyFrom(first[0].toByteArray());
    store().listEmbedded("default", List.of("labels.n==6"), 1, bytes -> { });
    assertThat(first[0]).isNotEqualTo(copy);
    assertThatThrownBy(() -> store().listEmbedded("default", List.of("image=="), 1, b -> { }))
        .isInstanceOf(InvalidArgumentException.class);
  }

  private static List<String> ids(List<Container> cs) {
    return cs.stream().map(Container::id).toList();
  }

  @Test
  void updateLabelPaths() {
    store().create("default", valid("x").labels(Map.of("keep", "1", "drop", "2", "a.b", "3")).build());
    clock.set(T0.plusSeconds(5));
    Container request = Container.builder("x").labels(Map.of("new", "n", "a.b", "changed")).build();
    Container updated = store().update("default", request,
        List.of("labels.new", "labels.drop", "labels.a.b", "labels.absent"));
    assertThat(updated.labels()).containsExactly(
        Map.entry("a.b", "changed"), Map.entry("keep", "1"), Map.entry("new", "n"));
    assertThat(updated.updatedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(updated.createdAt()).isEqualTo(T0);
    assertThat(store().get("default", "x")).isEqualTo(updated);

    Container replaced = store().update("default",
        Container.builder("x").labels(Map.of("only", "1", "empty", "")).build(), List.of("labels"));
    assertThat(replaced.labels()).containsExactly(Map.entry("only", "1"));
    assertThat(store().update("default", Container.builder("x").build(), List.of("labels")).labels())
        .isEmpty();
  }

  @Test
  void updateLabelKeyWithEmptyValueDeletesIt() {
    store().create("default", valid("x").labels(Map.of("k", "v")).build());
    Container updated = store().update("default",
        Container.builder("x").labels(Map.of("k", "")).build(), List.of("labels.k"));
    assertThat(updated.labels()).isEmpty();
  }

  @Test
  void updateOtherPaths() {
    store().create("default", valid("x").image("old").snapshotter("overlayfs").snapshotKey("k1")
        .extensions(Map.of("e1", new TypedValue("t1", new byte[] {1}), "e2",
            new TypedValue("t2", new byte[] {2}))).build());
    TypedValue spec2 = new TypedValue("s", new byte[] {9});
    Container request = Container.builder("x").image("new").spec(spec2).snapshotKey("k2")
        .snapshotter("ignored").runtime("ignored", null)
        .extensions(Map.of("e1", new TypedValue("t1b", new byte[] {3}))).build();
    Container updated = store().update("default", request,
        List.of("image", "spec", "snapshotkey", "extensions.e1", "extensions.missing"));
    assertThat(updated.image()).isEqualTo("new");
    assertThat(updated.spec()).isEqualTo(spec2);
    assertThat(updated.snapshotKey()).isEqualTo("k2");
    assertThat(updated.snapshotter()).isEqualTo("overlayfs");
    assertThat(updated.runtime().name()).isEqualTo("io.containerd.runc.v2");
    assertThat(updated.extensions()).containsExactly(
        Map.entry("e1", new TypedValue("t1b", new byte[] {3})),
        Map.entry("e2", new TypedValue("t2", new byte[] {2})),
        Map.entry("missing", TypedValue.EMPTY));
    assertThat(store().get("default", "x")).isEqualTo(updated);

    Container replaced = store().update("default", Container.builder("x")
        .extensions(Map.of("only", new TypedValue("o", new byte[0]))).build(), List.of("extensions"));
    assertThat(replaced.extensions()).containsOnlyKeys("only");
    assertThat(store().get("default", "x").extensions()).containsOnlyKeys("only");
  }

  @Test
  void updateRefusesOtherPaths() {
    store().create("default", valid("x").build());
    for (String path : List.of("id", "runtime", "runtime.name", "snapshotter", "created_at",
        "snapshot_key", "labels_x", "Labels.a")) {
      assertThatThrownBy(() -> store().update("default", valid("x").build(), List.of(path)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("cannot update \"" + path + "\" field on \"x\": invalid argument");
    }
    assertThatThrownBy(() -> store().update("default", valid("x").image("i").build(),
        List.of("image", "bogus")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThat(store().get("default", "x").image()).isEmpty();
  }

  @Test
  void fullUpdateReplacesEverythingMutableAndKeepsImmutables() {
    store().create("default", valid("x").image("old").snapshotter("overlayfs").snapshotKey("k")
        .labels(Map.of("a", "1")).extensions(Map.of("e", TypedValue.EMPTY)).build());
    Container request = valid("x").snapshotter("overlayfs").image("new").labels(Map.of("b", "2"))
        .build();
    Container updated = store().update("default", request, List.of());
    assertThat(updated.image()).isEqualTo("new");
    assertThat(updated.labels()).containsExactly(Map.entry("b", "2"));
    assertThat(updated.extensions()).isEmpty();
    assertThat(updated.snapshotKey()).isEmpty();
    assertThat(store().get("default", "x")).isEqualTo(updated);

    assertThatThrownBy(() -> store().update("default", valid("x").snapshotter("native").build(),
        List.of()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("container.Snapshotter field is immutable: invalid argument");
    assertThatThrownBy(() -> store().update("default",
        valid("x").snapshotter("overlayfs").runtime("other", null).build(), List.of()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("container.Runtime.Name field is immutable: invalid argument");
  }

  @Test
  void updateValidatesTheMergedResult() {
    store().create("default", valid("x").build());
    assertThatThrownBy(() -> store().update("default", Container.builder("x").build(),
        List.of("spec")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("update failed validation: container.Spec must be set: invalid argument");
    assertThatThrownBy(() -> store().update("default", Container.builder("x").snapshotKey("k").build(),
        List.of("snapshotkey")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("update failed validation: container.Snapshotter must be set if "
            + "container.SnapshotKey is set: invalid argument");
    assertThatThrownBy(() -> store().update("default", Container.builder("x")
        .labels(Map.of("big", "v".repeat(5000))).build(), List.of("labels.big")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("update failed validation: containers.Labels: label key and value");
    assertThat(store().get("default", "x").spec()).isEqualTo(SPEC);
  }

  @Test
  void updatedAtIsStrictlyAfterEvenWhenTheClockStandsStill() {
    Container created = store().create("default", valid("x").build());
    Container u1 = store().update("default", valid("x").image("a").build(), List.of("image"));
    Container u2 = store().update("default", valid("x").image("b").build(), List.of("image"));
    assertThat(u1.updatedAt()).isAfter(created.createdAt());
    assertThat(u2.updatedAt()).isAfter(u1.updatedAt());
    assertThat(u2.createdAt()).isEqualTo(created.createdAt());
    clock.set(T0.minus(Duration.ofHours(1)));
    Container u3 = store().update("default", valid("x").image("c").build(), List.of("image"));
    assertThat(u3.updatedAt()).isAfter(u2.updatedAt());
  }

  @Test
  void updateNotFoundTexts() {
    assertThatThrownBy(() -> store().update("default", valid("x").build(), List.of("image")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cannot update container \"x\" in namespace \"default\": not found");
    store().create("default", valid("y").build());
    assertThatThrownBy(() -> store().update("default", valid("x").build(), List.of("image")))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("container \"x\": not found");
    assertThatThrownBy(() -> store().update("default", valid("").build(), List.of("image")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("must specify a container id: invalid argument");
  }

  @Test
  void deleteTexts() {
    assertThatThrownBy(() -> store().delete("default", "x"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cannot delete container \"x\" in namespace \"default\": not found");
    store().create("default", valid("x").build());
    store().delete("default", "x");
    assertThatThrownBy(() -> store().get("default", "x")).isInstanceOf(NotFoundException.class);
    // The namespace has held containers, as containerd's containers bucket remembers.
    assertThatThrownBy(() -> store().delete("default", "x"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("container x: not found");
    assertThat(db.namespaces().list()).extracting(Namespace::name).containsExactly("default");
  }

  @Test
  void anEmptyLabelKeyFailsAsInContainerd() {
    assertThatThrownBy(() -> store().create("default", valid("x").labels(Map.of("", "v")).build()))
        .isInstanceOf(UnknownException.class)
        .hasMessage("failed to write container \"x\": failed to set label \"\"=\"v\": key required");
    assertThat(store().create("default", valid("x").labels(Map.of("", "")).build()).labels())
        .isEmpty();
  }

  @Test
  void everythingSurvivesAReopen() {
    Container c = store().create("default", valid("x").labels(Map.of("a", "1"))
        .extensions(Map.of("e", new TypedValue("t", new byte[] {0, 1, 2}))).build());
    Container u = store().update("default", valid("x").image("img").build(), List.of("image"));
    reopen();
    assertThat(store().get("default", "x")).isEqualTo(u);
    assertThat(store().list("default")).containsExactly(u);
    assertThat(u.createdAt()).isEqualTo(c.createdAt());
  }

  @Test
  void concurrentUpdatesOfOneContainerLoseNothing() throws Exception {
    store().create("default", valid("x").build());
    int threads = 16;
    int rounds = 4;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String key = "k" + t;
        futures.add(pool.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            Map<String, String> labels = new HashMap<>();
            labels.put(key, "v" + r);
            store().update("default", Container.builder("x").labels(labels).build(),
                List.of("labels." + key));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    Map<String, String> labels = store().get("default", "x").labels();
    assertThat(labels).hasSize(threads);
    for (int t = 0; t < threads; t++) {
      assertThat(labels).containsEntry("k" + t, "v" + (rounds - 1));
    }
  }

  @Test
  void aGetAfterAWriteAnswersTheWriteWhileOthersReadThatContainer() throws Exception {
    store().create("default", valid("x").labels(Map.of("v", "0")).build());
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        readers.add(pool.submit(() -> {
          while (!done.get()) {
            try {
              store().getEmbedded("default", "x", 1);
            } catch (NotFoundException e) {
              // between the delete and the create below
            }
          }
          return null;
        }));
      }
      try {
        for (int i = 1; i <= 300; i++) {
          if (i % 100 == 0) {
            store().delete("default", "x");
            assertThatThrownBy(() -> store().getEmbedded("default", "x", 1))
                .isInstanceOf(NotFoundException.class);
            store().create("default", valid("x").labels(Map.of("v", "" + i)).build());
          } else {
            store().update("default", Container.builder("x").labels(Map.of("v", "" + i)).build(),
                List.of("labels.v"));
          }
          assertThat(labelsOf(store().getEmbedded("default", "x", 1))).containsEntry("v", "" + i);
        }
      } finally {
        done.set(true);
      }
      for (Future<?> f : readers) {
        f.get();
      }
    }
  }

  @Test
  void aGetOfAnotherNamespacesContainerIsNotAnswered() throws Exception {
    store().create("a", valid("x").labels(Map.of("ns", "a")).build());
    store().create("b", valid("x").labels(Map.of("ns", "b")).build());
    assertThat(labelsOf(store().getEmbedded("a", "x", 1))).containsEntry("ns", "a");
    assertThat(labelsOf(store().getEmbedded("b", "x", 1))).containsEntry("ns", "b");
    store().delete("a", "x");
    assertThatThrownBy(() -> store().getEmbedded("a", "x", 1))
        .isInstanceOf(NotFoundException.class);
    assertThat(labelsOf(store().getEmbedded("b", "x", 1))).containsEntry("ns", "b");
  }

  private static Map<String, String> labelsOf(ByteString embedded) throws Exception {
    return io.berth.api.services.containers.v1.GetContainerResponse.parseFrom(embedded)
        .getContainer().getLabelsMap();
  }
}
