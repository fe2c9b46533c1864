package io.berth.snapshots.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.mount.Mount;
import io.berth.mount.MountTable;
import io.berth.mount.Mounter;
import io.berth.mount.SyscallException;
import io.berth.snapshots.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Disk usage and deletion on the real filesystem (the copy is covered by NativeSnapshotterTest). */
@Tag("root")
class FileTreesTest {

  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory(Path.of("/var/tmp"), "berth-fs-");
  }

  @AfterEach
  void tearDown() throws IOException {
    new Mounter().unmountAll(dir.resolve("tree/mnt"));
    TreeDeleter.delete(dir);
    assertThat(dir).doesNotExist();
  }

  @Test
  void diskUsageCountsEachInodeOnceAndFollowsNoLink() throws IOException {
    Path tree = Files.createDirectory(dir.resolve("tree"));
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Files.write(outside.resolve("big"), new byte[1 << 20]);
    Usage empty = DiskUsage.of(tree);
    assertThat(empty.inodes()).isEqualTo(1);
    Files.write(tree.resolve("f"), new byte[10_000]);
    Files.createLink(tree.resolve("g"), tree.resolve("f"));
    Files.createSymbolicLink(tree.resolve("l"), outside);
    Usage u = DiskUsage.of(tree);
    assertThat(u.inodes()).isEqualTo(3);
    long fileBlocks = FileCalls.lstat(tree.resolve("f")).blocks() * 512;
    long linkBlocks = FileCalls.lstat(tree.resolve("l")).blocks() * 512;
    assertThat(u.size()).isEqualTo(empty.size() + fileBlocks + linkBlocks);
    assertThatThrownBy(() -> DiskUsage.of(dir.resolve("missing")))
        .isInstanceOf(SyscallException.class).hasMessageContaining("ENOENT");
  }

  @Test
  void deleteNeverFollowsLinksNorEntersMounts() throws IOException {
    Path tree = Files.createDirectory(dir.resolve("tree"));
    Path keep = Files.createDirectory(dir.resolve("keep"));
    Files.writeString(keep.resolve("precious"), "x");
    Files.createSymbolicLink(tree.resolve("link"), keep);
    Files.createDirectories(tree.resolve("a/b/c"));
    Files.createDirectory(tree.resolve("mnt"));
    new Mounter().mount(new Mount("bind", keep.toString(), List.of("rbind")), tree.resolve("mnt"));
    assertThatThrownBy(() -> TreeDeleter.delete(tree))
        .isInstanceOf(IOException.class).hasMessageContaining("is still mounted");
    assertThat(keep.resolve("precious")).exists();
    new Mounter().unmount(tree.resolve("mnt"));
    assertThat(MountTable.under(dir)).isEmpty();
    TreeDeleter.delete(tree);
    assertThat(tree).doesNotExist();
    assertThat(keep.resolve("precious")).exists();
    TreeDeleter.delete(tree);
  }
}
