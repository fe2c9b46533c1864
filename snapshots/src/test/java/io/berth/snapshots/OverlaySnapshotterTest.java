package io.berth.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.mount.Mount;
import io.berth.snapshots.fs.FileCalls;
import io.berth.snapshots.overlay.OverlaySnapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conformance suite plus what is particular to overlayfs: mount shapes, layout, ownership. */
class OverlaySnapshotterTest extends SnapshotterConformance {

  private static final boolean INDEX = Files.exists(Path.of("/sys/module/overlay/parameters/index"));

  @Override
  Snapshotter open(Path root) {
    return OverlaySnapshotter.open(root);
  }

  @Override
  String pluginDirectory() {
    return "io.containerd.snapshotter.v1.overlayfs";
  }

  /**
   * The proof that 128 layers under a root as long as /var/lib/berth/...overlayfs do not fit the
   * kernel's one page of mount data as absolute paths, and mount anyway (the suite reads the top
   * file through this mount): {@link io.berth.mount.Mounter} passes them relative to their common
   * directory.
   */
  @Override
  void check128LayerMounts(List<Mount> mounts) {
    assertThat(mounts).hasSize(1);
    String lowerdir = mounts.getFirst().options().getLast();
    assertThat(lowerdir).startsWith("lowerdir=" + root.resolve("snapshots/128/fs") + ":");
    assertThat(lowerdir.split(":")).hasSize(128);
    assertThat(String.join(",", mounts.getFirst().options()).length()).isGreaterThan(4096);
    int realistic = ("/var/lib/berth/io.containerd.snapshotter.v1.overlayfs/snapshots/".length() + 6)
        * 128;
    assertThat(root.toString().length())
        .isGreaterThanOrEqualTo("/var/lib/berth/io.containerd.snapshotter.v1.overlayfs".length());
    assertThat(realistic).as("128 absolute lowerdirs under the default root").isGreaterThan(4096);
  }

  private List<String> opts(String... rest) {
    List<String> out = new ArrayList<>();
    if (INDEX) {
      out.add("index=off");
    }
    out.addAll(List.of(rest));
    return out;
  }

  private String fs(int id) {
    return root.resolve("snapshots").resolve(Integer.toString(id)).resolve("fs").toString();
  }

  @Test
  void mountShapesAreContainerds() throws IOException {
    assertThat(sn.prepare("/tmp/test", "", OPT))
        .containsExactly(new Mount("bind", fs(1), List.of("rw", "rbind")));
    try (Mounted m = Mounted.at(sn.mounts("/tmp/test"), dir("base"))) {
      Files.writeString(m.path().resolve("foo"), "hi");
    }
    sn.commit("base", "/tmp/test", OPT);

    String work2 = root.resolve("snapshots/2/work").toString();
    List<Mount> active = sn.prepare("top", "base", OPT);
    assertThat(active).containsExactly(new Mount("overlay", "overlay",
        opts("workdir=" + work2, "upperdir=" + fs(2), "lowerdir=" + fs(1))));
    try (Mounted m = Mounted.at(active, dir("top"))) {
      assertThat(Files.readString(m.path().resolve("foo"))).isEqualTo("hi");
      Files.writeString(m.path().resolve("bar"), "there");
    }
    assertThat(sn.view("v1", "base", OPT))
        .containsExactly(new Mount("bind", fs(1), List.of("ro", "rbind")));
    sn.commit("top-c", "top", OPT);
    List<Mount> view2 = sn.view("v2", "top-c", OPT);
    assertThat(view2).containsExactly(
        new Mount("overlay", "overlay", opts("lowerdir=" + fs(2) + ":" + fs(1))));
    try (Mounted m = Mounted.at(view2, dir("v2"))) {
      assertThat(Files.readString(m.path().resolve("foo"))).isEqualTo("hi");
      assertThat(Files.readString(m.path().resolve("bar"))).isEqualTo("there");
    }
    assertThat(sn.view("v0", "", OPT)).containsExactly(new Mount("bind", fs(5), List.of("ro", "rbind")));
  }

  @Test
  void layoutAndModes() throws IOException {
    sn.prepare("a", "", OPT);
    sn.commit("c", "a", OPT);
    sn.prepare("b", "c", OPT);
    sn.view("v", "c", OPT);
    Path snapshots = root.resolve("snapshots");
    assertThat(FileCalls.lstat(root).permissions()).isEqualTo(0700);
    assertThat(FileCalls.lstat(snapshots).permissions()).isEqualTo(0700);
    assertThat(root.resolve("metadata.db")).isDirectory();
    assertThat(listing(snapshots)).containsExactlyInAnyOrder("1", "2", "3");
    assertThat(listing(snapshots.resolve("1"))).containsExactlyInAnyOrder("fs", "work");
    assertThat(listing(snapshots.resolve("2"))).containsExactlyInAnyOrder("fs", "work");
    assertThat(listing(snapshots.resolve("3"))).containsExactly("fs");
    assertThat(FileCalls.lstat(snapshots.resolve("2/fs")).permissions()).isEqualTo(0755);
    assertThat(FileCalls.lstat(snapshots.resolve("2/work")).permissions()).isEqualTo(0711);
  }

  @Test
  void newLayerIsOwnedLikeItsParentsLayer() throws IOException {
    try (Mounted m = Mounted.at(sn.prepare("a", "", OPT), dir("a"))) {
      FileCalls.lchown(m.path(), 1000, 1001);
    }
    sn.commit("c", "a", OPT);
    sn.prepare("b", "c", OPT);
    var st = FileCalls.lstat(Path.of(fs(2)));
    assertThat(st.uid()).isEqualTo(1000);
    assertThat(st.gid()).isEqualTo(1001);
    try (Mounted m = Mounted.at(sn.mounts("b"), dir("b"))) {
      assertThat(FileCalls.lstat(m.path()).uid()).isEqualTo(1000);
    }
  }

  @Test
  void deletionsInAnUpperLayerAreWhiteouts() throws IOException {
    try (Mounted m = Mounted.at(sn.prepare("a", "", OPT), dir("a"))) {
      Files.writeString(m.path().resolve("gone"), "x");
    }
    sn.commit("c", "a", OPT);
    try (Mounted m = Mounted.at(sn.prepare("b", "c", OPT), dir("b"))) {
      Files.delete(m.path().resolve("gone"));
    }
    var whiteout = FileCalls.lstat(Path.of(fs(2)).resolve("gone"));
    assertThat(whiteout.type()).isEqualTo(io.berth.snapshots.fs.FileStat.S_IFCHR);
    assertThat(whiteout.rdev()).isZero();
    sn.commit("c2", "b", Map.of());
    assertThat(sn.usage("c2").inodes()).isEqualTo(2);
  }

  @Test
  void rootsTheOverlaySyntaxCannotCarryAreRefused() {
    for (String bad : List.of("a,b", "a:b", "a\\b")) {
      assertThatThrownBy(() -> OverlaySnapshotter.open(tmp.resolve(bad)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("must not contain");
      assertThat(tmp.resolve(bad)).doesNotExist();
    }
  }
}
