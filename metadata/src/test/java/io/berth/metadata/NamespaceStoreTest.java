package io.berth.metadata;

import static io.berth.metadata.ContainerStoreTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceStoreTest extends StoreTestBase {

  NamespaceStore store() {
    return db.namespaces();
  }

  @Test
  void createGetList() {
    Map<String, String> labels = new HashMap<>(Map.of("a", "1", "empty", ""));
    Namespace created = store().create("default", labels);
    assertThat(created).isEqualTo(new Namespace("default", Map.of("a", "1")));
    store().create("a-b", Map.of());
    store().create("a.c", null);
    store().create("a", Map.of());
    assertThat(store().get("default")).isEqualTo(created);
    assertThat(store().list()).extracting(Namespace::name)
        .containsExactly("a", "a-b", "a.c", "default");
  }

  @Test
  void listSkipsWhatNamespacesHold() {
    store().create("a", Map.of());
    db.containers().create("a", valid("c1").build());
    db.leases().create("a", "l1", Map.of());
    db.containers().create("a-b", valid("c2").build());
    assertThat(store().list()).extracting(Namespace::name).containsExactly("a", "a-b");
  }

  @Test
  void aMissingNamespaceHasNoLabels() {
    assertThat(store().get("moby")).isEqualTo(new Namespace("moby", Map.of()));
    assertThat(store().get("not/an/identifier").labels()).isEmpty();
    assertThat(store().list()).isEmpty();
  }

  @Test
  void createRules() {
    store().create("x", Map.of());
    assertThatThrownBy(() -> store().create("x", Map.of()))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("namespace \"x\": already exists");
    assertThatThrownBy(() -> store().create("", Map.of()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("identifier must not be empty: invalid argument");
    assertThatThrownBy(() -> store().create("../etc", Map.of()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("must match");
    assertThatThrownBy(() -> store().create("y", Map.of("k", "v".repeat(4096))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("namespace.Labels: label key and value greater than maximum size (4096 bytes), "
            + "key: k: invalid argument");
    assertThatThrownBy(() -> store().create("y", Map.of("", "")))
        .isInstanceOf(UnknownException.class)
        .hasMessage("key required");
    assertThat(store().list()).extracting(Namespace::name).containsExactly("x");
  }

  @Test
  void anImplicitNamespaceCannotBeCreatedAgain() {
    db.leases().create("ns", "l", Map.of());
    assertThatThrownBy(() -> store().create("ns", Map.of()))
        .isInstanceOf(AlreadyExistsException.class);
  }

  @Test
  void updateWithLabelPaths() {
    store().create("x", Map.of("keep", "1", "drop", "2"));
    Namespace u = store().update("x", Map.of("new", "3", "containerd.io/gc.root", "y"),
        List.of("labels.new", "labels.drop", "labels.containerd.io/gc.root"));
    assertThat(u.labels()).containsExactly(Map.entry("containerd.io/gc.root", "y"),
        Map.entry("keep", "1"), Map.entry("new", "3"));
    assertThat(store().get("x")).isEqualTo(u);
  }

  @Test
  void updateWithoutPathsReplacesAllLabels() {
    store().create("x", Map.of("a", "1", "b", "2"));
    Namespace u = store().update("x", Map.of("c", "3", "d", ""), List.of());
    assertThat(u.labels()).containsExactly(Map.entry("c", "3"));
    assertThat(store().update("x", Map.of(), null).labels()).isEmpty();
    assertThat(store().get("x").labels()).isEmpty();
  }

  @Test
  void updateRefusesOtherPathsIncludingLabelsAlone() {
    store().create("x", Map.of("a", "1"));
    for (String path : List.of("labels", "name", "labelsx")) {
      assertThatThrownBy(() -> store().update("x", Map.of(), List.of(path)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("cannot update \"" + path + "\" field: invalid argument");
    }
    assertThatThrownBy(() -> store().update("x", Map.of("a", "v".repeat(5000)), List.of("labels.a")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("namespace.Labels: ");
    assertThat(store().get("x").labels()).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void updateCreatesTheNamespaceOnlyWhenItSetsALabel() {
    store().update("quiet", Map.of(), List.of());
    assertThat(store().list()).isEmpty();
    store().update("loud", Map.of("k", "v"), List.of("labels.k"));
    assertThat(store().list()).containsExactly(new Namespace("loud", Map.of("k", "v")));
    store().update("deleting", Map.of(), List.of("labels.k"));
    assertThat(store().list()).extracting(Namespace::name).containsExactly("deleting", "loud");
  }

  @Test
  void updateKeepsTheContainerMemory() {
    db.containers().create("x", valid("c").build());
    db.containers().delete("x", "c");
    store().update("x", Map.of("k", "v"), List.of());
    assertThatThrownBy(() -> db.containers().delete("x", "c"))
        .hasMessage("container c: not found");
  }

  @Test
  void deleteRefusesWhileContainersRemain() {
    db.containers().create("x", valid("c").build());
    assertThatThrownBy(() -> store().delete("x"))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("namespace \"x\" must be empty, but it still has containers: failed precondition");
    db.containers().delete("x", "c");
    store().delete("x");
    assertThat(store().list()).isEmpty();
  }

  @Test
  void deleteTakesLeasesAlong() {
    db.leases().create("x", "l", Map.of());
    db.leases().addResource("x", "l", new LeaseResource("k", "snapshots/overlayfs"));
    store().delete("x");
    assertThat(store().list()).isEmpty();
    assertThat(db.leases().list("x")).isEmpty();
    db.leases().create("x", "l", Map.of());
    assertThat(db.leases().listResources("x", "l")).isEmpty();
  }

  @Test
  void deleteNotFound() {
    assertThatThrownBy(() -> store().delete("x"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("namespace \"x\": not found");
    assertThatThrownBy(() -> store().delete("a/b"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("namespace \"a/b\": not found");
  }

  @Test
  void addedChecksRunAfterTheBuiltInOnesInOrder() {
    store().addContentsCheck(ns -> ns.equals("x") ? List.of("snapshots on \"overlayfs\" snapshotter")
        : List.of());
    store().addContentsCheck(ns -> List.of());
    db.containers().create("x", valid("c").build());
    assertThatThrownBy(() -> store().delete("x"))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("namespace \"x\" must be empty, but it still has containers, "
            + "snapshots on \"overlayfs\" snapshotter: failed precondition");
    store().create("y", Map.of());
    store().delete("y");
  }

  @Test
  void labelsSurviveAReopen() {
    store().create("x", Map.of("a", "1"));
    reopen();
    assertThat(store().get("x").labels()).containsExactly(Map.entry("a", "1"));
  }
}
