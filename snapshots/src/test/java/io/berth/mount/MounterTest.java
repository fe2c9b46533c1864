package io.berth.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real mounts on the real kernel; needs root. Every mount is taken down in {@link #tearDown}. */
@Tag("root")
class MounterTest {

  private final Mounter mounter = new Mounter();
  private Path dir;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory(Path.of("/var/tmp"), "berth-mounter-");
  }

  @AfterEach
  void tearDown() throws IOException {
    for (MountInfo m : MountTable.under(dir).reversed()) {
      mounter.unmountAll(Path.of(m.mountPoint()));
    }
    assertThat(MountTable.under(dir)).isEmpty();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void bindMountIsWritableAndUnmountRemovesIt() throws IOException {
    Path src = Files.createDirectory(dir.resolve("src"));
    Path target = Files.createDirectory(dir.resolve("target"));
    mounter.mountAll(List.of(new Mount("bind", src.toString(), List.of("rw", "rbind"))), target);
    assertThat(MountTable.isMountPoint(target)).isTrue();
    Files.writeString(target.resolve("f"), "hello");
    assertThat(Files.readString(src.resolve("f"))).isEqualTo("hello");
    mounter.unmount(target);
    assertThat(MountTable.isMountPoint(target)).isFalse();
    assertThat(target.resolve("f")).doesNotExist();
  }

  @Test
  void readOnlyBindIsRemountedReadOnly() throws IOException {
    Path src = Files.createDirectory(dir.resolve("src"));
    Files.writeString(src.resolve("f"), "x");
    Path target = Files.createDirectory(dir.resolve("target"));
    mounter.mount(new Mount("bind", src.toString(), List.of("ro", "rbind")), target);
    assertThat(Files.readString(target.resolve("f"))).isEqualTo("x");
    assertThatThrownBy(() -> Files.writeString(target.resolve("g"), "y"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("Read-only file system");
    MountInfo info = MountTable.under(target).getFirst();
    assertThat(info.options()).startsWith("ro");
  }

  @Test
  void propagationWordIsApplied() throws IOException {
    Path src = Files.createDirectory(dir.resolve("src"));
    Path target = Files.createDirectory(dir.resolve("target"));
    mounter.mount(new Mount("bind", src.toString(), List.of("rbind", "rshared")), target);
    assertThat(MountTable.under(target).getFirst().optionalFields())
        .anySatisfy(f -> assertThat(f).startsWith("shared:"));
    mounter.mount(new Mount("none", "", List.of("remount", "rprivate")), target);
    assertThat(MountTable.under(target).getFirst().optionalFields()).isEmpty();
  }

  @Test
  void overlayWithMoreThanAPageOfLowerdirsIsMountedRelativeToTheirCommonDirectory()
      throws IOException {
    // 40 layers under a 150-character directory: about 6,400 bytes of lowerdir, over one page.
    Path layers = Files.createDirectories(dir.resolve("l".repeat(150)));
    List<String> lower = new ArrayList<>();
    for (int i = 39; i >= 0; i--) {
      Path fs = Files.createDirectories(layers.resolve(Integer.toString(i)).resolve("fs"));
      Files.writeString(fs.resolve("layer-" + i), Integer.toString(i));
      Files.writeString(fs.resolve("top"), Integer.toString(i));
      lower.add(fs.toString());
    }
    String lowerdir = "lowerdir=" + String.join(":", lower);
    assertThat(lowerdir.length()).isGreaterThan(mounter.pageSize());
    Path target = Files.createDirectory(dir.resolve("target"));
    Path cwd = Path.of("").toAbsolutePath();
    mounter.mount(new Mount("overlay", "overlay", List.of(lowerdir)), target);
    assertThat(Files.readString(target.resolve("top"))).isEqualTo("39");
    assertThat(Files.readString(target.resolve("layer-0"))).isEqualTo("0");
    try (Stream<Path> list = Files.list(target)) {
      assertThat(list.count()).isEqualTo(41);
    }
    assertThat(Path.of("").toAbsolutePath()).isEqualTo(cwd);
  }

  @Test
  void optionsOverAPageThatCannotBeShortenedAreRefused() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    Mount m = new Mount("tmpfs", "tmpfs", List.of("x-comment=" + "a".repeat(5000)));
    assertThatThrownBy(() -> mounter.mount(m, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the kernel takes at most " + mounter.pageSize());
    assertThat(MountTable.isMountPoint(target)).isFalse();
  }

  @Test
  void unmountAllTakesDownStackedMountsAndToleratesNothingMounted() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    mounter.unmountAll(target);
    mounter.unmount(dir.resolve("missing"));
    for (int i = 0; i < 3; i++) {
      mounter.mount(new Mount("tmpfs", "tmpfs", List.of("size=1m")), target);
    }
    assertThat(MountTable.under(target)).hasSize(3);
    mounter.unmountAll(target);
    assertThat(MountTable.under(target)).isEmpty();
  }

  @Test
  void busyMountIsDetachedAsALastResort() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    mounter.mount(new Mount("tmpfs", "tmpfs", List.of("size=1m")), target);
    Files.writeString(target.resolve("f"), "busy");
    try (InputStream open = Files.newInputStream(target.resolve("f"))) {
      mounter.unmount(target);
      assertThat(MountTable.isMountPoint(target)).isFalse();
      assertThat(new String(open.readAllBytes())).isEqualTo("busy");
    }
  }

  @Test
  void failedMountAllTakesDownWhatItMounted() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    Files.createDirectory(dir.resolve("target/sub"));
    List<Mount> mounts = List.of(
        new Mount("tmpfs", "tmpfs", List.of("size=1m")),
        new Mount("bind", dir.resolve("missing").toString(), "sub", List.of("rbind")));
    assertThatThrownBy(() -> mounter.mountAll(mounts, target))
        .isInstanceOf(SyscallException.class)
        .hasMessageContaining("ENOENT");
    assertThat(MountTable.under(dir)).isEmpty();
  }

  @Test
  void errorsNameTheCallAndErrno() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    assertThatThrownBy(() -> mounter.mount(new Mount("nosuchfs", "x", List.of()), target))
        .isInstanceOf(SyscallException.class)
        .hasMessageContaining("mount x (nosuchfs) on " + target)
        .hasMessageContaining("ENODEV")
        .satisfies(e -> assertThat(((SyscallException) e).errno()).isEqualTo(Errno.ENODEV));
  }

  @Test
  void targetsMayNotEscape() throws IOException {
    Path target = Files.createDirectory(dir.resolve("target"));
    Mount escaping = new Mount("tmpfs", "tmpfs", "../../etc", List.of());
    assertThatThrownBy(() -> mounter.mountAll(List.of(escaping), target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("escapes");
    assertThat(MountTable.under(dir)).isEmpty();
  }

  @Test
  void relativeLowerdirsAreComputedPerComponent() {
    var r = Mounter.RelativeLowerdirs.of(List.of(
        "index=off", "lowerdir=/r/snapshots/12/fs:/r/snapshots/1/fs", "upperdir=/u"));
    assertThat(r).isNotNull();
    assertThat(r.directory()).isEqualTo("/r/snapshots");
    assertThat(r.options()).containsExactly("index=off", "lowerdir=12/fs:1/fs", "upperdir=/u");
    assertThat(Mounter.RelativeLowerdirs.of(List.of("lowerdir=/a:/b"))).isNull();
    assertThat(Mounter.RelativeLowerdirs.of(List.of("lowerdir=/a/x"))).isNull();
    assertThat(Mounter.RelativeLowerdirs.of(List.of("lowerdir=a/x:a/y"))).isNull();
  }

}
