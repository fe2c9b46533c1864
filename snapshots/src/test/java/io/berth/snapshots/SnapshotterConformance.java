package io.berth.snapshots;

import static io.berth.snapshots.FsApply.all;
import static io.berth.snapshots.FsApply.chown;
import static io.berth.snapshots.FsApply.createDir;
import static io.berth.snapshots.FsApply.createFile;
import static io.berth.snapshots.FsApply.link;
import static io.berth.snapshots.FsApply.removeAll;
import static io.berth.snapshots.FsApply.rename;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.mount.Mount;
import io.berth.mount.MountInfo;
import io.berth.mount.MountTable;
import io.berth.snapshots.fs.FileCalls;
import io.berth.snapshots.fs.TreeDeleter;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Snapshotter} must have (after containerd's snapshotter test suite),
 * through real mounts made by {@link io.berth.mount.Mounter}. Needs root. Each test gets a fresh
 * snapshotter in a temporary directory on the root filesystem (overlayfs cannot stack on
 * overlayfs) and leaves no mount or file behind.
 */
@Tag("root")
abstract class SnapshotterConformance {

  static final String GC_ROOT = "containerd.io/gc.root";
  static final Map<String, String> OPT = Map.of(GC_ROOT, Instant.now().toString());

  Path tmp;
  Path root;
  Path work;
  Snapshotter sn;
  private int counter;

  /** Opens the snapshotter under test rooted at {@code root}. */
  abstract Snapshotter open(Path root);

  /** The root's last path element as berthd names it, e.g. io.containerd.snapshotter.v1.overlayfs. */
  abstract String pluginDirectory();

  /** Extra checks on the mounts of an Active snapshot with 128 layers; none by default. */
  void check128LayerMounts(List<Mount> mounts) {}

  @BeforeEach
  void setUp() throws IOException {
    tmp = Files.createTempDirectory(Path.of("/var/tmp"), "berth-snap-");
    // As long as a real root (/var/lib/berth/<plugin>) and longer: path lengths matter to overlay.
    root = tmp.resolve("var/lib/berth").resolve(pluginDirectory());
    work = Files.createDirectory(tmp.resolve("work"));
    sn = open(root);
  }

  @AfterEach
  void tearDown() throws IOException {
    try {
      List<MountInfo> left = MountTable.under(tmp);
      for (MountInfo m : left.reversed()) {
        Mounted.mounter().unmountAll(Path.of(m.mountPoint()));
      }
      assertThat(left).as("mounts left behind by the test").isEmpty();
    } finally {
      sn.close();
      TreeDeleter.delete(tmp);
    }
  }

  // ---- helpers (after containerd's testsuite helpers)

  Path dir(String name) {
    return work.resolve(name);
  }

  String key(String name) {
    return work.resolve(name).toString();
  }

  /** Prepares {@code parent}'s child, applies {@code a} through a mount, commits; returns the name. */
  String createSnapshot(String parent, FsApply a) throws IOException {
    String name = "layer-" + (++counter);
    String prepare = name + "-prepare";
    List<Mount> mounts = sn.prepare(prepare, parent, OPT);
    try (Mounted m = Mounted.at(mounts, dir("apply-" + counter))) {
      a.apply(m.path());
    }
    sn.commit(name, prepare, OPT);
    return name;
  }

  /** Mounts a View of {@code name} and compares it with {@code expected}. */
  void checkSnapshot(String name, Path expected) throws IOException {
    String view = name + "-view";
    List<Mount> mounts = sn.view(view, name, OPT);
    try (Mounted m = Mounted.at(mounts, dir("check-" + (++counter)))) {
      assertThat(TreeState.of(m.path())).as("view of " + name).isEqualTo(TreeState.of(expected));
    } finally {
      sn.remove(view);
    }
  }

  /** Stacks one snapshot per applier and checks each against a plain directory with the same changes. */
  void checkSnapshots(FsApply... layers) throws IOException {
    Path flat = Files.createDirectory(dir("flat-" + (++counter)));
    String parent = "";
    for (FsApply a : layers) {
      String name = createSnapshot(parent, a);
      a.apply(flat);
      checkSnapshot(name, flat);
      parent = name;
    }
  }

  static void assertError(ThrowingCallable call, Class<? extends BerthException> type, String message) {
    assertThatThrownBy(call).isInstanceOf(type).hasMessage(message);
  }

  Set<String> names() {
    Set<String> out = new TreeSet<>();
    sn.walk(i -> out.add(i.name()));
    return out;
  }

  // ---- lifecycle

  @Test
  void basic() throws IOException {
    FsApply initial = all(
        createFile("/foo", "foo\n", 0777),
        createDir("/a", 0755), createDir("/a/b", 0755), createDir("/a/b/c", 0755));
    FsApply diff = all(
        createFile("/bar", "bar\n", 0777), createFile("/foo", "bar\n", 0777), removeAll("/a/b"));

    String preparing = key("preparing");
    List<Mount> mounts = sn.prepare(preparing, "", OPT);
    assertThat(mounts).isNotEmpty();
    try (Mounted m = Mounted.at(mounts, dir("preparing"))) {
      initial.apply(m.path());
    }
    String committed = key("committed");
    sn.commit(committed, preparing, OPT);
    Info si = sn.stat(committed);
    assertThat(si.parent()).isEmpty();
    assertThat(si.kind()).isEqualTo(Kind.COMMITTED);
    assertThatThrownBy(() -> sn.stat(preparing)).isInstanceOf(NotFoundException.class);

    Path flat = Files.createDirectory(dir("flat"));
    initial.apply(flat);
    String next = key("nextlayer");
    try (Mounted m = Mounted.at(sn.prepare(next, committed, OPT), dir("nextlayer"))) {
      assertThat(TreeState.of(m.path())).isEqualTo(TreeState.of(flat));
      diff.apply(m.path());
    }
    diff.apply(flat);
    Info ni = sn.stat(next);
    assertThat(ni.parent()).isEqualTo(committed);
    assertThat(ni.kind()).isEqualTo(Kind.ACTIVE);

    String nextCommitted = key("committed-next");
    sn.commit(nextCommitted, next, OPT);
    Info si2 = sn.stat(nextCommitted);
    assertThat(si2.parent()).isEqualTo(committed);
    assertThat(si2.kind()).isEqualTo(Kind.COMMITTED);
    assertThatThrownBy(() -> sn.stat(next)).isInstanceOf(NotFoundException.class);

    Map<String, Info> walked = new HashMap<>();
    sn.walk(i -> walked.put(i.name(), i));
    assertThat(walked).containsEntry(committed, si).containsEntry(nextCommitted, si2).hasSize(2);

    String nextnext = key("nextnextlayer");
    try (Mounted m = Mounted.at(sn.view(nextnext, nextCommitted, OPT), dir("nextnextlayer"))) {
      assertThat(TreeState.of(m.path())).isEqualTo(TreeState.of(flat));
    }
    sn.remove(nextnext);
    assertError(() -> sn.remove(committed), FailedPreconditionException.class,
        "cannot remove snapshot with child: failed precondition");
    sn.remove(nextCommitted);
    sn.remove(committed);
    assertThat(names()).isEmpty();
  }

  @Test
  void statActive() throws IOException {
    String preparing = key("preparing");
    try (Mounted m = Mounted.at(sn.prepare(preparing, "", OPT), dir("preparing"))) {
      Files.writeString(m.path().resolve("foo"), "foo\n");
      Info si = sn.stat(preparing);
      assertThat(si.name()).isEqualTo(preparing);
      assertThat(si.kind()).isEqualTo(Kind.ACTIVE);
      assertThat(si.parent()).isEmpty();
      assertThat(si.labels()).isEqualTo(OPT);
    }
  }

  @Test
  void statCommitted() throws IOException {
    String preparing = key("preparing");
    try (Mounted m = Mounted.at(sn.prepare(preparing, "", OPT), dir("preparing"))) {
      Files.writeString(m.path().resolve("foo"), "foo\n");
    }
    String committed = key("committed");
    sn.commit(committed, preparing, Map.of("only", "commit"));
    Info si = sn.stat(committed);
    assertThat(si.name()).isEqualTo(committed);
    assertThat(si.kind()).isEqualTo(Kind.COMMITTED);
    assertThat(si.parent()).isEmpty();
    assertThat(si.labels()).as("commit does not inherit the key's labels").isEqualTo(Map.of("only", "commit"));
    assertThat(si.created()).isEqualTo(si.updated());
  }

  @Test
  void statView() {
    sn.prepare("base-a", "", OPT);
    sn.commit("base", "base-a", OPT);
    sn.view("v", "base", OPT);
    Info si = sn.stat("v");
    assertThat(si.kind()).isEqualTo(Kind.VIEW);
    assertThat(si.parent()).isEqualTo("base");
    assertThat(si.created()).isEqualTo(si.updated());
  }

  @Test
  void transitivity() throws IOException {
    String preparing = key("preparing");
    try (Mounted m = Mounted.at(sn.prepare(preparing, "", OPT), dir("preparing"))) {
      Files.writeString(m.path().resolve("foo"), "foo\n");
    }
    String snapA = key("snapA");
    sn.commit(snapA, preparing, OPT);
    String next = key("next");
    try (Mounted m = Mounted.at(sn.prepare(next, snapA, OPT), dir("next"))) {
      Files.writeString(m.path().resolve("foo"), "foo bar\n");
    }
    String snapB = key("snapB");
    sn.commit(snapB, next, OPT);
    Info siA = sn.stat(snapA);
    Info siB = sn.stat(snapB);
    Info siParentB = sn.stat(siB.parent());
    assertThat(siA.parent()).isEmpty();
    assertThat(siB.parent()).isEqualTo(snapA);
    assertThat(siParentB.parent()).isEmpty();
  }

  @Test
  void duplicateKeysAreRefused() {
    sn.prepare("preparing", "", OPT);
    sn.commit("snapA", "preparing", OPT);
    sn.prepare("newlayer", "snapA", OPT);
    assertError(() -> sn.view("newlayer", "snapA", OPT), AlreadyExistsException.class,
        "snapshot \"newlayer\": already exists");
    assertError(() -> sn.prepare("newlayer", "snapA", OPT), AlreadyExistsException.class,
        "snapshot \"newlayer\": already exists");
    sn.view("viewLayer", "snapA", OPT);
    assertError(() -> sn.view("viewLayer", "snapA", OPT), AlreadyExistsException.class,
        "snapshot \"viewLayer\": already exists");
    assertError(() -> sn.prepare("snapA", "", OPT), AlreadyExistsException.class,
        "snapshot \"snapA\": already exists");
    assertError(() -> sn.commit("snapA", "newlayer", OPT), AlreadyExistsException.class,
        "snapshot \"snapA\": already exists");
    assertError(() -> sn.commit("viewLayer", "newlayer", OPT), AlreadyExistsException.class,
        "snapshot \"viewLayer\": already exists");
    assertThat(names()).containsExactly("newlayer", "snapA", "viewLayer");
  }

  // ---- update

  private void baseSnapshots() {
    sn.prepare("c1-a", "", OPT);
    sn.commit("c1", "c1-a", OPT);
    sn.prepare("c2-a", "c1", OPT);
    sn.commit("c2", "c2-a", OPT);
    sn.prepare("a1", "c2", OPT);
    sn.prepare("a2", "", OPT);
    sn.view("v1", "c2", OPT);
    sn.view("v2", "", OPT);
  }

  @Test
  void updateChangesOnlyLabels() {
    Instant t1 = Instant.now();
    baseSnapshots();
    Instant t2 = Instant.now();
    record Case(String name, Kind kind, String parent) {}
    for (Case tc : List.of(
        new Case("c1", Kind.COMMITTED, ""), new Case("c2", Kind.COMMITTED, "c1"),
        new Case("a1", Kind.ACTIVE, "c2"), new Case("a2", Kind.ACTIVE, ""),
        new Case("v1", Kind.VIEW, "c2"), new Case("v2", Kind.VIEW, ""))) {
      Info st = sn.stat(tc.name());
      assertThat(st.created()).isBetween(t1, t2);
      assertThat(st.updated()).isEqualTo(st.created());
      assertThat(st.kind()).isEqualTo(tc.kind());
      assertThat(st.parent()).isEqualTo(tc.parent());
      assertThat(st.name()).isEqualTo(tc.name());

      Instant created = st.created();
      String rootTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      Map<String, String> expected = Map.of("l1", "v1", "l2", "v2", "l3", "v3", GC_ROOT, rootTime);
      Info change = new Info(tc.name(), "doesnotexist", Kind.COMMITTED, expected,
          Instant.EPOCH, Instant.EPOCH);
      Instant u1 = Instant.now();
      st = sn.update(change, Set.of());
      Instant u2 = Instant.now();
      assertThat(st.created()).isEqualTo(created);
      assertThat(st.updated()).isBetween(u1, u2);
      assertThat(st.kind()).isEqualTo(tc.kind());
      assertThat(st.parent()).isEqualTo(tc.parent());
      assertThat(st.name()).isEqualTo(tc.name());
      assertThat(st.labels()).isEqualTo(expected);
      assertThat(sn.stat(tc.name())).isEqualTo(st);

      st = sn.update(st.withLabels(Map.of("l1", "updated", "l4", "v4")), Set.of("labels.l1", "labels.l2"));
      assertThat(st.labels()).isEqualTo(Map.of("l1", "updated", "l3", "v3", GC_ROOT, rootTime));

      st = sn.update(st.withLabels(Map.of("l4", "v4", GC_ROOT, rootTime)), Set.of("labels"));
      assertThat(st.labels()).isEqualTo(Map.of("l4", "v4", GC_ROOT, rootTime));

      Info bad = new Info(tc.name(), "doesnotexist", tc.kind(), st.labels(), created, created);
      assertError(() -> sn.update(bad, Set.of("parent")), InvalidArgumentException.class,
          "cannot update \"parent\" field on snapshot \"" + tc.name() + "\": invalid argument");
      assertError(() -> sn.update(bad, Set.of("labels.x", "kind")), InvalidArgumentException.class,
          "cannot update \"kind\" field on snapshot \"" + tc.name() + "\": invalid argument");
      assertThat(sn.stat(tc.name()).labels()).isEqualTo(Map.of("l4", "v4", GC_ROOT, rootTime));
    }
    assertError(() -> sn.update(Info.forUpdate("", Map.of()), Set.of()),
        InvalidArgumentException.class, "snapshot name must not be empty: invalid argument");
    assertError(() -> sn.update(Info.forUpdate("missing", Map.of()), Set.of()),
        NotFoundException.class, "snapshot missing does not exist: not found");
    assertError(() -> sn.update(Info.forUpdate("c1", Map.of("k", "v".repeat(4096))), Set.of()),
        InvalidArgumentException.class,
        "info.Labels: label key and value greater than maximum size (4096 bytes), key: k: invalid argument");
  }

  // ---- remove

  @Test
  void removeFreesTheKeyForReuse() {
    sn.prepare("committed-a", "", OPT);
    sn.commit("committed-1", "committed-a", OPT);
    sn.prepare("reuse-1", "committed-1", OPT);
    sn.remove("reuse-1");
    sn.view("reuse-1", "committed-1", OPT);
    sn.remove("reuse-1");
    sn.prepare("reuse-1", "", OPT);
    sn.remove("committed-1");
    sn.commit("committed-1", "reuse-1", OPT);
    assertThat(names()).containsExactly("committed-1");
    assertError(() -> sn.remove("reuse-1"), NotFoundException.class,
        "snapshot reuse-1 does not exist: not found");
  }

  @Test
  void removeIntermediateOnlyAfterItsChildren() throws IOException {
    String base = createSnapshot("", createFile("/base", "x", 0644));
    sn.prepare("intermediate", base, OPT);
    sn.commit("committed-inter", "intermediate", OPT);
    sn.prepare("toplayer", "committed-inter", OPT);
    assertError(() -> sn.remove("committed-inter"), FailedPreconditionException.class,
        "cannot remove snapshot with child: failed precondition");
    assertError(() -> sn.remove(base), FailedPreconditionException.class,
        "cannot remove snapshot with child: failed precondition");
    sn.remove("toplayer");
    sn.remove("committed-inter");
    sn.remove(base);
    assertThat(names()).isEmpty();
    assertThat(snapshotDirs()).isEmpty();
  }

  // ---- walk

  @Test
  void walkMatchesEveryFilterKind() {
    Map<String, String> opt = Map.of(GC_ROOT, "check-walk");
    sn.prepare("a-np", "", opt);
    sn.prepare("p-tmp", "", opt);
    sn.commit("p", "p-tmp", opt);
    sn.prepare("a", "p", opt);
    sn.view("v", "p", opt);
    sn.prepare("p-wl-tmp", "", opt);
    sn.commit("p-wl", "p-wl-tmp", Map.of("l", "1", GC_ROOT, "check-walk"));
    sn.prepare("a-wl", "p-wl", Map.of("l", "2", GC_ROOT, "check-walk"));
    sn.view("v-wl", "p-wl", Map.of("l", "3", GC_ROOT, "check-walk"));
    sn.prepare("a-np-wl", "", Map.of("l", "2", GC_ROOT, "check-walk"));
    sn.prepare("no-labels", "", Map.of());

    record Case(List<String> matches, String... filters) {}
    for (Case tc : List.of(
        new Case(List.of("a-np", "p", "a", "v", "p-wl", "a-wl", "v-wl", "a-np-wl"),
            "labels.\"containerd.io/gc.root\"==check-walk"),
        new Case(List.of("a-np", "a", "a-wl", "a-np-wl"),
            "kind==active,labels.\"containerd.io/gc.root\"==check-walk"),
        new Case(List.of("v", "v-wl"), "kind==view,labels.\"containerd.io/gc.root\"==check-walk"),
        new Case(List.of("p", "p-wl"), "kind==committed,labels.\"containerd.io/gc.root\"==check-walk"),
        new Case(List.of("p", "a-np-wl"), "name==p", "name==a-np-wl"),
        new Case(List.of("a-wl"), "name==a-wl,labels.l"),
        new Case(List.of("a", "v"), "parent==p"),
        new Case(List.of("a", "v", "a-wl", "v-wl"),
            "parent!=\"\",labels.\"containerd.io/gc.root\"==check-walk"),
        new Case(List.of("p-wl", "a-wl", "v-wl", "a-np-wl"), "labels.l"),
        new Case(List.of("a-wl", "a-np-wl"), "labels.l==2"),
        new Case(List.of("a-np", "a-np-wl", "no-labels"), "name~=^a-np|^no"),
        new Case(List.of("p", "no-labels"),
            "labels.l!=2,labels.l!=1,labels.l!=3,parent==\"\",kind!=view,name!=a-np"),
        new Case(List.of("p", "a", "v", "p-wl", "a-wl", "v-wl", "a-np", "a-np-wl", "no-labels"), ""),
        new Case(List.of("p", "a", "v", "p-wl", "a-wl", "v-wl", "a-np", "a-np-wl", "no-labels")))) {
      List<String> actual = new ArrayList<>();
      sn.walk(i -> actual.add(i.name()), tc.filters());
      assertThat(actual).as("filters %s", List.of(tc.filters()))
          .containsExactlyInAnyOrderElementsOf(tc.matches());
    }
    assertThatThrownBy(() -> sn.walk(i -> { }, "name=~x"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("invalid argument");
    assertThatThrownBy(() -> sn.walk(i -> { }, "labels.ns/key==x"))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void statInsideWalk() {
    String prefix = "stats-in-walk-";
    sn.prepare(prefix + "c1-a", "", OPT);
    sn.commit(prefix + "c1", prefix + "c1-a", OPT);
    sn.prepare(prefix + "c2-a", prefix + "c1", OPT);
    sn.commit(prefix + "c2", prefix + "c2-a", OPT);
    sn.prepare(prefix + "a1", prefix + "c2", OPT);
    sn.view(prefix + "v1", prefix + "c2", OPT);
    List<String> seen = new ArrayList<>();
    sn.walk(si -> {
      assertThat(sn.stat(si.name())).isEqualTo(si);
      seen.add(si.name());
    });
    assertThat(seen).hasSize(4);
  }

  @Test
  void walkFunctionMayChangeTheSnapshotter() {
    sn.prepare("a", "", OPT);
    sn.prepare("b", "", OPT);
    sn.walk(si -> sn.remove(si.name()));
    assertThat(names()).isEmpty();
  }

  // ---- file system behaviour across layers

  @Test
  void layerFileUpdate() throws IOException {
    FsApply l1 = all(createDir("/etc", 0700),
        createFile("/etc/hosts", "mydomain 10.0.0.1", 0644),
        createFile("/etc/profile", "PATH=/usr/bin", 0644));
    FsApply l2 = all(createFile("/etc/hosts", "mydomain 10.0.0.2", 0644),
        createFile("/etc/profile", "PATH=/usr/bin", 0666),
        createDir("/root", 0700),
        createFile("/root/.bashrc", "PATH=/usr/sbin:/usr/bin", 0644));
    checkSnapshots(l1, l2);
    checkSnapshots(l1, l2);
  }

  @Test
  void directoryRemovedAndRecreatedInLowerLayer() throws IOException {
    checkSnapshots(
        all(createDir("/lib", 0700), createFile("/lib/hidden", "", 0644)),
        all(removeAll("/lib"), createDir("/lib", 0700), createFile("/lib/not-hidden", "", 0644)),
        all(createFile("/lib/newfile", "", 0644)));
  }

  @Test
  void chownAcrossLayers() throws IOException {
    checkSnapshots(
        all(createDir("/opt", 0700), createDir("/opt/a", 0700), createDir("/opt/a/b", 0700),
            createFile("/opt/a/b/file.txt", "hello", 0644)),
        all(chown("/opt", 1, 1), chown("/opt/a", 1, 1), chown("/opt/a/b", 1, 1),
            chown("/opt/a/b/file.txt", 1, 1)));
  }

  @Test
  void directoryPermissionsOnCommit() throws IOException {
    checkSnapshots(
        all(createDir("/dir1", 0700), createDir("/dir2", 0700), createDir("/dir3", 0700),
            createDir("/dir4", 0700), createFile("/dir4/f1", "...", 0644),
            createDir("/dir5", 0700), createFile("/dir5/f1", "...", 0644),
            chown("/dir1", 1, 1), chown("/dir2", 1, 1), chown("/dir3", 1, 1),
            chown("/dir5", 1, 1), chown("/dir5/f1", 1, 1)),
        all(chown("/dir2", 0, 0), removeAll("/dir3"), chown("/dir4", 1, 1),
            chown("/dir4/f1", 1, 1)),
        all(createDir("/dir3", 0700), chown("/dir3", 1, 1), removeAll("/dir5"),
            createDir("/dir5", 0700), chown("/dir5", 1, 1)));
  }

  @Test
  void deletedFilesInChildSnapshot() throws IOException {
    checkSnapshots(
        all(createFile("/foo", "foo\n", 0777), createFile("/foobar", "foobar\n", 0777)),
        all(removeAll("/foobar")),
        all());
  }

  @Test
  void movedFilesFromLowerLayer() throws IOException {
    checkSnapshots(
        all(createDir("/dir1", 0700), createFile("/dir1/f1", "Hello", 0644),
            createDir("/dir2", 0700), createFile("/dir2/f2", "...", 0644),
            createDir("/somefiles", 0700), createFile("/somefiles/f1", "was here first!", 0644),
            createFile("/somefiles/f2", "nothing interesting", 0644)),
        all(createDir("/dir3", 0700), createFile("/dir3/f1", "Hello", 0644), removeAll("/dir1"),
            link("/dir2/f2", "/dir3/f2"), removeAll("/dir2/f2"),
            createFile("/somefiles/f1-overwrite", "new content 1", 0644),
            rename("/somefiles/f1-overwrite", "/somefiles/f1"),
            rename("/somefiles/f2", "/somefiles/f3")));
  }

  @Test
  void specialFilesSurviveLayers() throws IOException {
    checkSnapshots(
        all(createDir("/dev", 0755), FsApply.mknod("/dev/null", 0020666, (1L << 8) | 3),
            FsApply.mknod("/fifo", 0010644, 0), FsApply.symlink("../etc/target", "/link"),
            createFile("/setuid", "s", 04755)),
        all(FsApply.symlink("/dev/null", "/dev/null-link"), createFile("/dev/extra", "e", 0600)));
  }

  @Test
  void viewIsReadOnly() throws IOException {
    String preparing = key("preparing");
    sn.prepare(preparing, "", OPT);
    String committed = key("committed");
    sn.commit(committed, preparing, OPT);
    String view = key("view");
    try (Mounted m = Mounted.at(sn.view(view, committed, OPT), dir("view-mount"))) {
      assertThatThrownBy(() -> Files.writeString(m.path().resolve("testfile"), "testcontent"))
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining("Read-only file system");
    }
    try (Mounted m = Mounted.at(sn.view("top-view", committed, OPT), dir("view2"))) {
      assertThatThrownBy(() -> Files.createDirectory(m.path().resolve("d")))
          .isInstanceOf(FileSystemException.class);
    }
    sn.view("empty-view", "", OPT);
    try (Mounted m = Mounted.at(sn.mounts("empty-view"), dir("view3"))) {
      assertThatThrownBy(() -> Files.writeString(m.path().resolve("x"), "x"))
          .isInstanceOf(FileSystemException.class);
    }
    sn.remove(view);
    sn.remove("top-view");
    sn.remove(committed);
  }

  @Test
  void rootDirectoryIsMode0755() throws IOException {
    try (Mounted m = Mounted.at(sn.prepare(key("preparing"), "", OPT), dir("preparing"))) {
      assertThat(FileCalls.lstat(m.path()).permissions()).isEqualTo(0755);
    }
  }

  @Test
  void closeTwice() {
    sn.prepare("closeTwice-prepare", "", OPT);
    sn.commit("closeTwice", "closeTwice-prepare", OPT);
    sn.remove("closeTwice");
    sn.close();
    sn.close();
    assertError(() -> sn.stat("closeTwice"), FailedPreconditionException.class,
        "snapshotter " + root + " is closed: failed precondition");
  }

  @Test
  void mountsCanBeFetchedAgain() {
    List<Mount> prepared = sn.prepare("k", "", OPT);
    assertThat(sn.mounts("k")).isEqualTo(prepared);
    sn.commit("c", "k", OPT);
    List<Mount> viewed = sn.view("v", "c", OPT);
    assertThat(sn.mounts("v")).isEqualTo(viewed);
  }

  @Test
  void layers128() throws IOException {
    Path flat = Files.createDirectory(dir("flat"));
    List<FsApply> appliers = new ArrayList<>();
    appliers.add(all(createFile("/bottom", "way at the bottom\n", 0777),
        createFile("/overwriteme", "FIRST!\n", 0777), createDir("/ADDHERE", 0755),
        createDir("/ONLYME", 0755), createFile("/ONLYME/bottom", "bye!\n", 0777)));
    for (int i = 1; i <= 127; i++) {
      // A file added to ADDHERE on every eighth layer only: the native snapshotter copies every
      // layer in full, and the test should stay fast.
      FsApply add = i % 8 == 0 ? createFile("/ADDHERE/file-" + i, "same\n", 0755) : all();
      appliers.add(all(createFile("/overwriteme", i + " WAS HERE!\n", 0777), add,
          removeAll("/ONLYME"), createDir("/ONLYME", 0755),
          createFile("/ONLYME/file-" + i, "only me!\n", 0777)));
    }
    String parent = "";
    for (int i = 0; i < appliers.size(); i++) {
      String preparing = key("prepare-layer-" + i);
      try (Mounted m = Mounted.at(sn.prepare(preparing, parent, OPT), dir("prepare-layer-" + i))) {
        appliers.get(i).apply(flat);
        appliers.get(i).apply(m.path());
      }
      parent = key("committed-" + i);
      sn.commit(parent, preparing, OPT);
    }
    try (Mounted m = Mounted.at(sn.view(key("fullview"), parent, OPT), dir("fullview"))) {
      assertThat(Files.readString(m.path().resolve("overwriteme"))).isEqualTo("127 WAS HERE!\n");
      assertThat(TreeState.of(m.path())).isEqualTo(TreeState.of(flat));
    }
    String top = key("top");
    List<Mount> topMounts = sn.prepare(top, parent, OPT);
    check128LayerMounts(topMounts);
    try (Mounted m = Mounted.at(topMounts, dir("top"))) {
      assertThat(Files.readString(m.path().resolve("bottom"))).isEqualTo("way at the bottom\n");
      assertThat(Files.readString(m.path().resolve("ONLYME/file-127"))).isEqualTo("only me!\n");
    }
  }

  // ---- usage

  @Test
  void usageIsLiveForActiveAndRecordedAtCommit() throws IOException {
    String k = "usage-a";
    sn.prepare(k, "", OPT);
    Usage empty = sn.usage(k);
    assertThat(empty.inodes()).isEqualTo(1);
    try (Mounted m = Mounted.at(sn.mounts(k), dir("usage"))) {
      Files.write(m.path().resolve("big"), new byte[64 * 1024]);
      Files.createLink(m.path().resolve("big-link"), m.path().resolve("big"));
      Files.writeString(m.path().resolve("small"), "x");
    }
    Usage active = sn.usage(k);
    assertThat(active.inodes()).as("root, big (two names), small").isEqualTo(3);
    assertThat(active.size()).isGreaterThanOrEqualTo(64 * 1024 + 4096);
    sn.commit("usage-c", k, OPT);
    assertThat(sn.usage("usage-c")).isEqualTo(active);
    sn.view("usage-v", "usage-c", OPT);
    assertThat(sn.usage("usage-v")).isEqualTo(Usage.ZERO);
  }

  // ---- errors with containerd's texts

  @Test
  void errorsCarryContainerdTexts() {
    sn.prepare("active", "", OPT);
    sn.view("view", "", OPT);
    sn.prepare("c-a", "", OPT);
    sn.commit("committed", "c-a", OPT);
    for (ThrowingCallable missing : List.<ThrowingCallable>of(
        () -> sn.stat("missing"), () -> sn.mounts("missing"), () -> sn.usage("missing"),
        () -> sn.remove("missing"), () -> sn.commit("new", "missing", OPT))) {
      assertError(missing, NotFoundException.class, "snapshot missing does not exist: not found");
    }
    assertError(() -> sn.prepare("x", "nope", OPT), NotFoundException.class,
        "parent snapshot nope does not exist: not found");
    assertError(() -> sn.view("x", "nope", OPT), NotFoundException.class,
        "parent snapshot nope does not exist: not found");
    for (String notCommitted : List.of("active", "view")) {
      assertError(() -> sn.prepare("x", notCommitted, OPT), InvalidArgumentException.class,
          "failed to create snapshot: parent \"" + notCommitted
              + "\" is not committed snapshot: invalid argument");
    }
    assertError(() -> sn.commit("n", "view", OPT), FailedPreconditionException.class,
        "failed to commit snapshot: snapshot \"view\" is not active: failed precondition");
    assertError(() -> sn.commit("n", "committed", OPT), FailedPreconditionException.class,
        "failed to commit snapshot: snapshot \"committed\" is not active: failed precondition");
    assertError(() -> sn.mounts("committed"), FailedPreconditionException.class,
        "failed to get active mount: requested snapshot committed not active or view: failed precondition");
    assertError(() -> sn.prepare("", "", OPT), InvalidArgumentException.class,
        "snapshot key must not be empty: invalid argument");
    assertError(() -> sn.commit("", "active", OPT), InvalidArgumentException.class,
        "snapshot name must not be empty: invalid argument");
    assertThat(names()).containsExactly("active", "committed", "view");
  }

  // ---- bad input

  @Test
  void keysThatLookLikePathsAreJustNames() throws IOException {
    Set<String> outside = listing(tmp);
    for (String k : List.of("../../x", "/abs", "../../../../../../../../tmp/berth-escape", "a/../../b",
        ".", "..", "nul\0inside", "x".repeat(10_000), "ünïcødé ✓ 🐳")) {
      try (Mounted m = Mounted.at(sn.prepare(k, "", OPT), dir("m"))) {
        Files.writeString(m.path().resolve("f"), "data");
      }
      assertThat(sn.stat(k).name()).isEqualTo(k);
      sn.commit(k + "-c", k, OPT);
      sn.view(k, k + "-c", Map.of());
      assertThat(sn.stat(k).kind()).isEqualTo(Kind.VIEW);
      Set<String> walked = new TreeSet<>();
      sn.walk(i -> walked.add(i.name()));
      assertThat(walked).contains(k, k + "-c");
      sn.remove(k);
      sn.remove(k + "-c");
    }
    assertThat(listing(tmp)).isEqualTo(outside);
    assertThat(Path.of("/x")).doesNotExist();
    assertThat(Path.of("/abs")).doesNotExist();
    assertThat(Path.of("/tmp/berth-escape")).doesNotExist();
    assertThat(snapshotDirs()).isEmpty();
    assertThat(names()).isEmpty();
  }

  @Test
  void oversizedOrMalformedInputIsRefusedAndLeavesNothing() throws IOException {
    Set<String> before = listing(tmp);
    assertError(() -> sn.prepare("k", "", Map.of("big", "v".repeat(4094))),
        InvalidArgumentException.class,
        "info.Labels: label key and value greater than maximum size (4096 bytes), key: big: invalid argument");
    assertError(() -> sn.prepare("k", "", Map.of("x".repeat(5000), "")),
        InvalidArgumentException.class,
        "info.Labels: label key and value greater than maximum size (4096 bytes), key: xxxxxxxxxx: invalid argument");
    assertThatThrownBy(() -> sn.prepare("k".repeat(40_000), "", OPT))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("snapshot key is 40000 bytes long; at most 32768 are allowed: invalid argument");
    assertThatThrownBy(() -> sn.prepare("bad\uD800", "", OPT))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("is not valid UTF-8");
    sn.prepare("c-a", "", OPT);
    sn.commit("c", "c-a", OPT);
    assertError(() -> sn.commit("d", "c", Map.of("big", "v".repeat(4094))),
        InvalidArgumentException.class,
        "info.Labels: label key and value greater than maximum size (4096 bytes), key: big: invalid argument");
    sn.remove("c");
    Map<String, String> exactly = Map.of("k", "v".repeat(4095));
    sn.prepare("edge", "", exactly);
    assertThat(sn.stat("edge").labels()).isEqualTo(exactly);
    sn.remove("edge");
    assertThat(names()).isEmpty();
    assertThat(snapshotDirs()).isEmpty();
    assertThat(listing(tmp)).isEqualTo(before);
  }

  @Test
  void failedCreateLeavesNoRecordAndNoDirectory() throws IOException {
    sn.prepare("p-a", "", OPT);
    sn.commit("p", "p-a", OPT);
    Set<String> dirs = snapshotDirs();
    assertThat(dirs).hasSize(1);
    Path parentLayer = root.resolve("snapshots").resolve(dirs.iterator().next()).resolve("fs");
    Files.delete(parentLayer);
    assertThatThrownBy(() -> sn.prepare("child", "p", OPT)).isInstanceOf(BerthException.class);
    assertThatThrownBy(() -> sn.stat("child")).isInstanceOf(NotFoundException.class);
    assertThat(snapshotDirs()).isEqualTo(dirs);
    Files.createDirectory(parentLayer);
    sn.prepare("child", "p", OPT);
    assertThat(snapshotDirs()).hasSize(2);
  }

  @Test
  void concurrentCallsLoseNothing() throws Exception {
    sn.prepare("base-a", "", OPT);
    sn.commit("base", "base-a", OPT);
    int threads = 8;
    int each = 10;
    List<Thread> started = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      int thread = t;
      started.add(Thread.ofPlatform().start(() -> {
        try {
          for (int i = 0; i < each; i++) {
            String k = "t" + thread + "-" + i;
            sn.prepare(k, i % 2 == 0 ? "base" : "", Map.of("t", Integer.toString(thread)));
            sn.commit(k + "-c", k, OPT);
            sn.update(Info.forUpdate(k + "-c", Map.of("u", "1")), Set.of("labels.u"));
            sn.stat("base");
            sn.walk(info -> { });
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread t : started) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(names()).hasSize(threads * each + 1);
    assertThat(snapshotDirs()).hasSize(threads * each + 1);
    Set<String> walked = new TreeSet<>();
    sn.walk(i -> walked.add(i.name()), "labels.u==1");
    assertThat(walked).hasSize(threads * each);
  }

  @Test
  void leftoverDirectoryOfAnUnrecordedIdIsReplaced() throws IOException {
    // A crash between the rename of a new snapshot's directory and the write of its record.
    Path stale = Files.createDirectories(root.resolve("snapshots/1/fs"));
    Files.writeString(stale.resolve("stale"), "from a crash");
    try (Mounted m = Mounted.at(sn.prepare("k", "", OPT), dir("k"))) {
      assertThat(m.path().resolve("stale")).doesNotExist();
    }
    assertThat(snapshotDirs()).containsExactly("1");
  }

  // ---- persistence and cleanup

  @Test
  void recordsSurviveReopenAndIdsAreNotReused() throws IOException {
    sn.prepare("a", "", Map.of("k", "v"));
    sn.commit("c", "a", OPT);
    sn.prepare("b", "c", OPT);
    Info before = sn.stat("b");
    List<Mount> mountsBefore = sn.mounts("b");
    sn.remove("b");
    sn.close();
    sn = open(root);
    assertThat(sn.stat("c").kind()).isEqualTo(Kind.COMMITTED);
    List<Mount> again = sn.prepare("b", "c", OPT);
    assertThat(again).isNotEqualTo(mountsBefore);
    assertThat(sn.stat("b").created()).isAfter(before.created());
    assertThat(snapshotDirs()).hasSize(2);
  }

  @Test
  void aRootIsOpenedByOneSnapshotterAtATime() {
    sn.prepare("a", "", OPT);
    assertThatThrownBy(() -> open(root))
        .isInstanceOf(io.berth.api.errors.UnavailableException.class)
        .hasMessageContaining("open snapshot metadata " + root.resolve("metadata.db"));
    assertThat(sn.stat("a").kind()).isEqualTo(Kind.ACTIVE);
  }

  @Test
  void cleanupRemovesOnlyOrphans() throws IOException {
    sn.prepare("a", "", OPT);
    sn.commit("c", "a", OPT);
    sn.view("v", "c", OPT);
    Set<String> owned = snapshotDirs();
    Path snapshots = root.resolve("snapshots");
    Files.createDirectories(snapshots.resolve("999/fs/deep"));
    Files.createDirectories(snapshots.resolve("new-12345/fs"));
    Files.writeString(snapshots.resolve("rm-7"), "stray file");
    sn.cleanup();
    assertThat(snapshotDirs()).isEqualTo(owned);
    assertThat(sn.stat("v").kind()).isEqualTo(Kind.VIEW);
  }

  // ---- no leaks

  @Test
  void manyCyclesLeaveNothingBehind() throws IOException {
    String base = createSnapshot("", createFile("/base", "base", 0644));
    Set<String> dirs = snapshotDirs();
    Path target = Files.createDirectory(dir("cycle"));
    for (int i = 0; i < 500; i++) {
      String k = "cycle-" + i;
      try (Mounted m = Mounted.at(sn.prepare(k, i % 2 == 0 ? base : "", OPT), target)) {
        Files.writeString(m.path().resolve("f"), Integer.toString(i));
      }
      sn.commit(k + "-c", k, OPT);
      sn.remove(k + "-c");
    }
    // Mounts anywhere else on the machine belong to other processes; ours all live under tmp.
    assertThat(MountTable.under(tmp)).isEmpty();
    assertThat(snapshotDirs()).isEqualTo(dirs);
    assertThat(names()).containsExactly(base);
    sn.remove(base);
    assertThat(snapshotDirs()).isEmpty();
    assertThat(names()).isEmpty();
    try (Stream<Path> s = Files.list(target)) {
      assertThat(s.count()).isZero();
    }
  }

  Set<String> snapshotDirs() throws IOException {
    return listing(root.resolve("snapshots"));
  }

  static Set<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
