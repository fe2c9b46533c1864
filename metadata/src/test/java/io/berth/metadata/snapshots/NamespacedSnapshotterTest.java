package io.berth.metadata.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import io.berth.api.anys.Anys;
import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.events.SnapshotCommit;
import io.berth.api.events.SnapshotPrepare;
import io.berth.api.events.SnapshotRemove;
import io.berth.api.services.events.v1.Envelope;
import io.berth.events.Exchange;
import io.berth.events.Subscription;
import io.berth.metadata.MetadataDb;
import io.berth.mount.Mount;
import io.berth.snapshots.Info;
import io.berth.snapshots.Kind;
import io.berth.snapshots.overlay.OverlaySnapshotter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespacedSnapshotterTest {

  @TempDir
  Path root;

  MetadataDb db;
  Exchange exchange;
  Subscription events;
  OverlaySnapshotter backend;
  NamespacedSnapshots snapshots;
  NamespacedSnapshotter sn;

  @BeforeEach
  void open() {
    db = MetadataDb.open(root);
    exchange = new Exchange();
    events = exchange.subscribe();
    openSnapshots();
  }

  private void openSnapshots() {
    backend = OverlaySnapshotter.open(NamespacedSnapshots.directory(root, "overlayfs"));
    snapshots = NamespacedSnapshots.of(Map.of("overlayfs", backend), db, exchange);
    sn = snapshots.get("overlayfs");
  }

  private void reopen() {
    snapshots.close();
    db.close();
    db = MetadataDb.open(root);
    openSnapshots();
  }

  @AfterEach
  void close() {
    snapshots.close();
    exchange.close();
    db.close();
  }

  private List<Info> walk(String ns, String... filters) {
    List<Info> out = new ArrayList<>();
    sn.walk(ns, out::add, List.of(filters));
    return out;
  }

  private List<String> backendNames() {
    List<String> out = new ArrayList<>();
    backend.walk(i -> out.add(i.name()));
    return out;
  }

  private Message nextEvent(String ns, String topic) throws InterruptedException {
    Envelope e = events.next(0, TimeUnit.SECONDS);
    assertThat(e).as("an event was published").isNotNull();
    assertThat(e.getNamespace()).isEqualTo(ns);
    assertThat(e.getTopic()).isEqualTo(topic);
    return Anys.decode(e.getEvent()).orElseThrow();
  }

  private void assertNoMoreEvents() throws InterruptedException {
    assertThat(events.next(0, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void keysLiveInTheBackendAsNamespaceSequenceKey() {
    List<Mount> mounts = sn.prepare("default", "/tmp/test", "", Map.of());
    assertThat(mounts).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("bind");
      assertThat(m.options()).containsExactly("rw", "rbind");
    });
    sn.commit("default", "base", "/tmp/test", Map.of());
    sn.prepare("other", "/tmp/test", "", Map.of());

    assertThat(backendNames()).containsExactlyInAnyOrder("default/2/base", "other/3//tmp/test");
    assertThat(backend.stat("default/2/base").kind()).isEqualTo(Kind.COMMITTED);
    assertThat(sn.stat("default", "base").name()).isEqualTo("base");
    assertThat(walk("default")).extracting(Info::name).containsExactly("base");
    assertThat(walk("other")).extracting(Info::name).containsExactly("/tmp/test");
  }

  @Test
  void namespacesHaveSeparateKeySpaces() {
    sn.prepare("a", "k", "", Map.of("x", "1"));
    sn.prepare("b", "k", "", Map.of("x", "2"));
    assertThat(sn.stat("a", "k").labels()).containsEntry("x", "1");
    assertThat(sn.stat("b", "k").labels()).containsEntry("x", "2");
    sn.remove("a", "k");
    assertThatThrownBy(() -> sn.stat("a", "k")).isInstanceOf(NotFoundException.class);
    assertThat(sn.stat("b", "k").kind()).isEqualTo(Kind.ACTIVE);
    assertThatThrownBy(() -> sn.prepare("c", "x", "k", Map.of()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("parent snapshot k does not exist: not found");
  }

  @Test
  void keysAreArbitraryStringsListedInByteOrder() {
    List<String> keys = List.of("a/", "a&", "a%2Fb", "../../etc", "x y", "ключ", "a", "a/b/c");
    for (String k : keys) {
      sn.view("default", k, "", null);
    }
    List<String> expected = new ArrayList<>(keys);
    expected.sort((x, y) -> java.util.Arrays.compareUnsigned(
        x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        y.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(walk("default")).extracting(Info::name).containsExactlyElementsOf(expected);
    for (String k : keys) {
      assertThat(sn.stat("default", k).kind()).isEqualTo(Kind.VIEW);
    }
    assertThat(Files.exists(root.resolve("etc"))).isFalse();
  }

  @Test
  void aKeyThatLooksLikeAChildLinkIsNotOne() {
    sn.prepare("default", "p", "", Map.of());
    sn.commit("default", "q", "p", Map.of());
    sn.prepare("default", "q/children/x", "", Map.of());
    sn.remove("default", "q");
    assertThat(walk("default")).extracting(Info::name).containsExactly("q/children/x");
  }

  @Test
  void aRemovedKeyIsFreeAtOnceAndGetsANewBackendKey() {
    sn.prepare("default", "k", "", Map.of());
    sn.remove("default", "k");
    sn.prepare("default", "k", "", Map.of());
    assertThat(backendNames()).containsExactly("default/2/k");
  }

  @Test
  void removeOfAParentIsRefusedUntilItsChildrenAreGone() {
    sn.prepare("default", "a", "", Map.of());
    sn.commit("default", "base", "a", Map.of());
    sn.prepare("default", "child", "base", Map.of());
    sn.commit("default", "layer", "child", Map.of());
    sn.view("default", "v", "layer", Map.of());

    assertThatThrownBy(() -> sn.remove("default", "base"))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("cannot remove snapshot with child: failed precondition");
    assertThatThrownBy(() -> sn.remove("default", "layer"))
        .isInstanceOf(FailedPreconditionException.class);
    sn.remove("default", "v");
    sn.remove("default", "layer");
    sn.remove("default", "base");
    assertThat(walk("default")).isEmpty();
    assertThat(backendNames()).isEmpty();
  }

  @Test
  void errorsNameTheCallersKeysWithContainerdsTexts() {
    sn.prepare("default", "active", "", Map.of());
    sn.commit("default", "committed", "active", Map.of());
    sn.view("default", "view", "committed", Map.of());
    sn.prepare("default", "active2", "committed", Map.of());

    assertThatThrownBy(() -> sn.commit("default", "x", "view", Map.of()))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("failed to commit snapshot: snapshot \"view\" is not active: failed precondition");
    assertThatThrownBy(() -> sn.mounts("default", "committed"))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("failed to get active mount: requested snapshot committed not active or view: "
            + "failed precondition");
    assertThatThrownBy(() -> sn.prepare("default", "x", "view", Map.of()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("failed to create snapshot: parent \"view\" is not committed snapshot: "
            + "invalid argument");
    assertThatThrownBy(() -> sn.view("default", "x", "nope", Map.of()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("parent snapshot nope does not exist: not found");
    assertThatThrownBy(() -> sn.prepare("default", "view", "", Map.of()))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("snapshot \"view\": already exists");
    assertThatThrownBy(() -> sn.commit("default", "committed", "active2", Map.of()))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("snapshot \"committed\": already exists");
    for (var call : List.<Runnable>of(
        () -> sn.stat("default", "nope"),
        () -> sn.mounts("default", "nope"),
        () -> sn.usage("default", "nope"),
        () -> sn.remove("default", "nope"),
        () -> sn.commit("default", "y", "nope", Map.of()),
        () -> sn.update("default", Info.forUpdate("nope", Map.of("a", "b")), Set.of()))) {
      assertThatThrownBy(call::run)
          .isInstanceOf(NotFoundException.class)
          .hasMessage("snapshot nope does not exist: not found");
    }
    assertThatThrownBy(() -> sn.stat("default", ""))
        .hasMessage("snapshot  does not exist: not found");
    assertThatThrownBy(() -> sn.prepare("default", "", "", Map.of()))
        .isInstanceOf(UnknownException.class)
        .hasMessage("bucket name required");
    assertThatThrownBy(() -> sn.commit("default", "", "active2", Map.of()))
        .isInstanceOf(UnknownException.class)
        .hasMessage("bucket name required");
    assertThatThrownBy(() -> sn.prepare("default", "k".repeat(32769), "", Map.of()))
        .isInstanceOf(UnknownException.class)
        .hasMessage("key too large");
    assertThatThrownBy(() -> sn.update("default", Info.forUpdate("", Map.of()), Set.of()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("invalid argument");
    assertThatThrownBy(() -> sn.prepare("", "k", "", Map.of()))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("namespace is required: failed precondition");
    assertThat(backendNames()).as("no failed call left a backend snapshot").hasSize(3);
  }

  @Test
  void unknownAndMissingSnapshotterNames() {
    assertThatThrownBy(() -> snapshots.get("zfs"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("snapshotter not loaded: zfs: invalid argument");
    assertThatThrownBy(() -> snapshots.get(""))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("snapshotter argument missing: invalid argument");
    assertThat(snapshots.names()).containsExactly("overlayfs");
  }

  @Test
  void onlySnapshotLabelsReachTheBackend() {
    Map<String, String> labels = Map.of(
        "containerd.io/gc.root", "now",
        "containerd.io/snapshot/remote", "yes",
        "containerd.io/snapshot.ref", "sha256:abc",
        "containerd.io/snapshotX", "no",
        "empty", "");
    sn.prepare("default", "k", "", labels);
    assertThat(sn.stat("default", "k").labels()).containsOnlyKeys("containerd.io/gc.root",
        "containerd.io/snapshot/remote", "containerd.io/snapshot.ref", "containerd.io/snapshotX");
    assertThat(backend.stat("default/1/k").labels()).containsOnlyKeys(
        "containerd.io/snapshot/remote", "containerd.io/snapshot.ref");

    sn.commit("default", "c", "k", Map.of("a", "1", "containerd.io/snapshot/x", "2"));
    Info committed = sn.stat("default", "c");
    assertThat(committed.labels()).as("the key's labels are not carried over")
        .containsOnly(Map.entry("a", "1"), Map.entry("containerd.io/snapshot/x", "2"));
    assertThat(committed.created()).isEqualTo(committed.updated());
    assertThat(backend.stat("default/2/c").labels())
        .containsOnly(Map.entry("containerd.io/snapshot/x", "2"));

    sn.update("default", Info.forUpdate("c", Map.of("containerd.io/snapshot/y", "3", "b", "4")),
        Set.of("labels.containerd.io/snapshot/y", "labels.b", "labels.a"));
    assertThat(sn.stat("default", "c").labels()).containsOnly(
        Map.entry("b", "4"), Map.entry("containerd.io/snapshot/x", "2"),
        Map.entry("containerd.io/snapshot/y", "3"));
    assertThat(backend.stat("default/2/c").labels()).containsOnly(
        Map.entry("containerd.io/snapshot/x", "2"), Map.entry("containerd.io/snapshot/y", "3"));
  }

  @Test
  void updateFollowsContainerdsFieldPaths() {
    sn.prepare("default", "k", "", Map.of("a", "1", "b", "2"));
    Info before = sn.stat("default", "k");

    Info updated = sn.update("default", Info.forUpdate("k", Map.of("c", "3")), Set.of("labels.c",
        "labels.a"));
    assertThat(updated.labels()).containsOnly(Map.entry("b", "2"), Map.entry("c", "3"));
    assertThat(updated.kind()).isEqualTo(Kind.ACTIVE);
    assertThat(updated.created()).isEqualTo(before.created());
    assertThat(updated.updated()).isAfter(before.updated());
    assertThat(sn.stat("default", "k")).isEqualTo(updated);

    assertThat(sn.update("default", Info.forUpdate("k", Map.of("d", "4")), Set.of("labels"))
        .labels()).containsOnly(Map.entry("d", "4"));
    assertThat(sn.update("default", Info.forUpdate("k", Map.of("e", "5")), Set.of()).labels())
        .containsOnly(Map.entry("e", "5"));

    assertThatThrownBy(() -> sn.update("default", Info.forUpdate("k", Map.of()), Set.of("parent")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("cannot update \"parent\" field on snapshot \"k\": invalid argument");
    assertThatThrownBy(() -> sn.update("default",
        Info.forUpdate("k", Map.of("big", "v".repeat(4096))), Set.of("labels.big")))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("info.Labels: label key and value greater than maximum size "
            + "(4096 bytes), key: big");
    assertThatThrownBy(() -> sn.update("default", Info.forUpdate("k", Map.of("", "x")),
        Set.of("labels.")))
        .isInstanceOf(UnknownException.class)
        .hasMessage("failed to read labels: failed to set label \"\"=\"x\": key required");
    assertThatThrownBy(() -> sn.prepare("default", "k2", "", Map.of("", "y")))
        .isInstanceOf(UnknownException.class)
        .hasMessage("failed to set label \"\"=\"y\": key required");
    assertThat(sn.stat("default", "k").labels()).containsOnly(Map.entry("e", "5"));
  }

  @Test
  void eventsFollowSuccessfulMutationsOnly() throws Exception {
    sn.prepare("ns1", "k", "", Map.of());
    assertThat(nextEvent("ns1", "/snapshot/prepare"))
        .isEqualTo(SnapshotPrepare.newBuilder().setKey("k").build());
    sn.commit("ns1", "c", "k", Map.of());
    assertThat(nextEvent("ns1", "/snapshot/commit"))
        .isEqualTo(SnapshotCommit.newBuilder().setKey("k").setName("c").build());
    sn.prepare("ns1", "k2", "c", Map.of());
    assertThat(nextEvent("ns1", "/snapshot/prepare"))
        .isEqualTo(SnapshotPrepare.newBuilder().setKey("k2").setParent("c").build());
    sn.view("ns1", "v", "c", Map.of());
    sn.update("ns1", Info.forUpdate("v", Map.of("a", "b")), Set.of());
    sn.remove("ns1", "v");
    assertThat(nextEvent("ns1", "/snapshot/remove"))
        .isEqualTo(SnapshotRemove.newBuilder().setKey("v").build());

    assertThatThrownBy(() -> sn.prepare("ns1", "k2", "", Map.of()));
    assertThatThrownBy(() -> sn.commit("ns1", "c", "k2", Map.of()));
    assertThatThrownBy(() -> sn.remove("ns1", "c"));
    assertNoMoreEvents();
  }

  @Test
  void namespaceDeleteCountsSnapshots() {
    sn.prepare("scratch", "k", "", Map.of());
    assertThat(db.namespaces().list()).extracting(n -> n.name()).contains("scratch");
    assertThatThrownBy(() -> db.namespaces().delete("scratch"))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("namespace \"scratch\" must be empty, but it still has snapshots on "
            + "\"overlayfs\" snapshotter: failed precondition");
    sn.remove("scratch", "k");
    db.namespaces().delete("scratch");
    assertThat(db.namespaces().list()).extracting(n -> n.name()).doesNotContain("scratch");
  }

  @Test
  void walkFiltersOnNameParentKindAndLabels() {
    sn.prepare("default", "a", "", Map.of("team", "x"));
    sn.commit("default", "base", "a", Map.of("containerd.io/gc.root", "t"));
    sn.prepare("default", "b", "base", Map.of("team", "y"));
    sn.view("default", "v", "base", Map.of());

    assertThat(walk("default", "kind==committed")).extracting(Info::name).containsExactly("base");
    assertThat(walk("default", "parent==base")).extracting(Info::name).containsExactly("b", "v");
    assertThat(walk("default", "labels.team==y", "name==v")).extracting(Info::name)
        .containsExactly("b", "v");
    assertThat(walk("default", "labels.\"containerd.io/gc.root\"")).extracting(Info::name)
        .containsExactly("base");
    assertThatThrownBy(() -> walk("default", "name=~x"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("filters: parse error:");
  }

  @Test
  void aTargetReferenceThatExistsIsRefused() {
    sn.prepare("default", "a", "", Map.of());
    sn.commit("default", "sha256:layer", "a", Map.of());
    assertThatThrownBy(() -> sn.prepare("default", "extract-1", "",
        Map.of("containerd.io/snapshot.ref", "sha256:layer")))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessage("target snapshot \"sha256:layer\": already exists");
    assertThat(backendNames()).containsExactly("default/2/sha256:layer");
  }

  @Test
  void usageAndMountsComeFromTheBackend() throws Exception {
    Mount m = sn.prepare("default", "k", "", Map.of()).getFirst();
    Files.writeString(Path.of(m.source()).resolve("file"), "x".repeat(10_000));
    assertThat(sn.usage("default", "k").inodes()).isEqualTo(2);
    assertThat(sn.usage("default", "k").size()).isGreaterThanOrEqualTo(10_000);
    assertThat(sn.mounts("default", "k")).containsExactly(m);
    sn.commit("default", "c", "k", Map.of());
    assertThat(sn.usage("default", "c").inodes()).isEqualTo(2);
    List<Mount> view = sn.view("default", "v", "c", Map.of());
    assertThat(view.getFirst().options()).containsExactly("ro", "rbind");
    assertThat(Files.readString(Path.of(view.getFirst().source()).resolve("file"))).hasSize(10_000);
  }

  @Test
  void recordsSurviveAReopen() {
    sn.prepare("default", "a", "", Map.of("l", "1"));
    sn.commit("default", "base", "a", Map.of());
    sn.prepare("default", "top", "base", Map.of());
    Info top = sn.stat("default", "top");
    reopen();
    assertThat(sn.stat("default", "top")).isEqualTo(top);
    assertThat(walk("default")).extracting(Info::name).containsExactly("base", "top");
    assertThatThrownBy(() -> sn.remove("default", "base"))
        .isInstanceOf(FailedPreconditionException.class);
    sn.prepare("default", "next", "", Map.of());
    assertThat(backendNames()).contains("default/4/next");
  }

  @Test
  void unreferencedBackendSnapshotsAreSweptAndTheSequenceContinues() {
    sn.prepare("default", "kept", "", Map.of());
    // What a crash between the backend call and the record write leaves behind.
    backend.prepare("default/40/lost", "", Map.of());
    backend.commit("default/41/lost-base", "default/40/lost", Map.of());
    backend.prepare("default/42/lost-child", "default/41/lost-base", Map.of());
    reopen();
    assertThat(backendNames()).containsExactly("default/1/kept");
    sn.prepare("default", "new", "", Map.of());
    assertThat(backendNames()).contains("default/43/new");

    backend.prepare("other/7/orphan", "", Map.of());
    sn.cleanup();
    assertThat(backendNames()).containsExactlyInAnyOrder("default/1/kept", "default/43/new");
  }

  @Test
  void concurrentPreparesOfOneKeyLeaveExactlyOneSnapshot() throws Exception {
    int n = 8;
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          sn.prepare("default", "same", "", Map.of());
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).hasSize(n - 1).allSatisfy(t ->
        assertThat(t).isInstanceOf(AlreadyExistsException.class));
    assertThat(walk("default")).extracting(Info::name).containsExactly("same");
    assertThat(backendNames()).hasSize(1);
  }

  @Test
  void backendKeySequenceParsing() {
    assertThat(BackendKeys.of("default", 12, "a/b")).isEqualTo("default/12/a/b");
    assertThat(BackendKeys.sequence("default/12/a/b")).hasValue(12);
    assertThat(BackendKeys.sequence("default/x/a")).isEmpty();
    assertThat(BackendKeys.sequence("default//a")).isEmpty();
    assertThat(BackendKeys.sequence("plain")).isEmpty();
  }

  @Test
  void sweepOrderRemovesChildrenFirstAndKeepsReferencedChains() {
    List<Info> all = List.of(
        info("r", ""), info("c1", "r"), info("c2", "c1"), info("kept", "r"), info("x", ""));
    List<String> order = BackendSweep.removalOrder(all, Set.of("kept"));
    assertThat(order).containsExactlyInAnyOrder("x", "c2", "c1");
    assertThat(order.indexOf("c2")).isLessThan(order.indexOf("c1"));
    List<String> everything = BackendSweep.removalOrder(all, Set.of());
    assertThat(everything).containsExactlyInAnyOrder("r", "c1", "c2", "kept", "x");
    assertThat(everything.indexOf("r")).isGreaterThan(everything.indexOf("c1"))
        .isGreaterThan(everything.indexOf("kept"));
  }

  private static Info info(String name, String parent) {
    return new Info(name, parent, Kind.COMMITTED, Map.of(), java.time.Instant.EPOCH,
        java.time.Instant.EPOCH);
  }
}
