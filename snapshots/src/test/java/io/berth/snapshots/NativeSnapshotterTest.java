package io.berth.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.mount.Mount;
import io.berth.snapshots.copy.NativeSnapshotter;
import io.berth.snapshots.fs.FileCalls;
import io.berth.snapshots.fs.FileStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The conformance suite plus what is particular to the native snapshotter: bind mounts and copies. */
class NativeSnapshotterTest extends SnapshotterConformance {

  @Override
  Snapshotter open(Path root) {
    return NativeSnapshotter.open(root);
  }

  @Override
  String pluginDirectory() {
    return "io.containerd.snapshotter.v1.native";
  }

  private String fs(int id) {
    return root.resolve("snapshots").resolve(Integer.toString(id)).resolve("fs").toString();
  }

  @Test
  void mountsAreAlwaysBinds() {
    assertThat(sn.prepare("a", "", OPT)).containsExactly(new Mount("bind", fs(1), List.of("rbind", "rw")));
    sn.commit("c", "a", OPT);
    assertThat(sn.prepare("b", "c", OPT)).containsExactly(new Mount("bind", fs(2), List.of("rbind", "rw")));
    assertThat(sn.view("v", "c", OPT)).containsExactly(new Mount("bind", fs(1), List.of("rbind", "ro")));
    assertThat(sn.view("v0", "", OPT)).containsExactly(new Mount("bind", fs(4), List.of("rbind", "ro")));
  }

  @Test
  void prepareCopiesTheParentFaithfully() throws IOException {
    try (Mounted m = Mounted.at(sn.prepare("a", "", OPT), dir("a"))) {
      Path p = m.path();
      Files.writeString(p.resolve("file"), "content");
      FileCalls.lchown(p.resolve("file"), 1234, 5678);
      FileCalls.chmod(p.resolve("file"), 04750);
      FileCalls.setXattr(p.resolve("file"), "user.note", "kept".getBytes(StandardCharsets.UTF_8));
      FileCalls.setXattr(p.resolve("file"), "trusted.note", "kept too".getBytes(StandardCharsets.UTF_8));
      FileCalls.setTimes(p.resolve("file"), 1_000_000, 5, 1_500_000_000, 123_456_789);
      Files.createLink(p.resolve("hard"), p.resolve("file"));
      Files.createDirectories(p.resolve("dir/sub"));
      FileCalls.chmod(p.resolve("dir"), 01777);
      Files.createSymbolicLink(p.resolve("dir/link"), Path.of("../file"));
      FileCalls.lchown(p.resolve("dir/link"), 42, 43);
      FileCalls.setTimes(p.resolve("dir/link"), 9, 0, 1_300_000_000, 0);
      FileCalls.setTimes(p.resolve("dir"), 7, 0, 1_400_000_000, 0);
      FileCalls.mknod(p.resolve("null"), FileStat.S_IFCHR | 0666, (1L << 8) | 3);
      FileCalls.mknod(p.resolve("fifo"), FileStat.S_IFIFO | 0640, 0);
      Files.writeString(p.resolve("ünïcødé ✓.txt"), "utf-8 name");
      FileCalls.lchown(p, 7, 8);
      FileCalls.chmod(p, 0751);
    }
    sn.commit("c", "a", OPT);
    try (Mounted m = Mounted.at(sn.prepare("b", "c", OPT), dir("b"))) {
      Path p = m.path();
      FileStat file = FileCalls.lstat(p.resolve("file"));
      assertThat(Files.readString(p.resolve("file"))).isEqualTo("content");
      assertThat(file.uid()).isEqualTo(1234);
      assertThat(file.gid()).isEqualTo(5678);
      assertThat(file.permissions()).isEqualTo(04750);
      assertThat(file.mtimeSeconds()).isEqualTo(1_500_000_000);
      assertThat(file.mtimeNanos()).isEqualTo(123_456_789);
      assertThat(file.nlink()).isEqualTo(2);
      assertThat(FileCalls.lstat(p.resolve("hard")).ino()).isEqualTo(file.ino());
      assertThat(new String(FileCalls.getXattr(p.resolve("file"), "user.note"), StandardCharsets.UTF_8))
          .isEqualTo("kept");
      assertThat(new String(FileCalls.getXattr(p.resolve("file"), "trusted.note"), StandardCharsets.UTF_8))
          .isEqualTo("kept too");
      FileStat dir = FileCalls.lstat(p.resolve("dir"));
      assertThat(dir.permissions()).isEqualTo(01777);
      assertThat(dir.mtimeSeconds()).isEqualTo(1_400_000_000);
      assertThat(Files.readSymbolicLink(p.resolve("dir/link"))).isEqualTo(Path.of("../file"));
      assertThat(FileCalls.lstat(p.resolve("dir/link")).uid()).isEqualTo(42);
      assertThat(FileCalls.lstat(p.resolve("dir/link")).mtimeSeconds()).isEqualTo(1_300_000_000);
      FileStat dev = FileCalls.lstat(p.resolve("null"));
      assertThat(dev.type()).isEqualTo(FileStat.S_IFCHR);
      assertThat(dev.rdev()).isEqualTo((1L << 8) | 3);
      assertThat(FileCalls.lstat(p.resolve("fifo")).type()).isEqualTo(FileStat.S_IFIFO);
      assertThat(Files.readString(p.resolve("ünïcødé ✓.txt"))).isEqualTo("utf-8 name");
      FileStat top = FileCalls.lstat(p);
      assertThat(top.uid()).isEqualTo(7);
      assertThat(top.permissions()).isEqualTo(0751);
      Files.writeString(p.resolve("file"), "changed");
    }
    try (Mounted m = Mounted.at(sn.view("v", "c", OPT), dir("v"))) {
      assertThat(Files.readString(m.path().resolve("file"))).as("the parent is untouched")
          .isEqualTo("content");
    }
  }
}
