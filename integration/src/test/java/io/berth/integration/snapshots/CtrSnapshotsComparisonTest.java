package io.berth.integration.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.CtrComparison;
import io.berth.integration.harness.DaemonProcess;
import io.berth.integration.harness.PairedDaemons;
import io.berth.integration.harness.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real ctr 1.6 {@code snapshots} commands against berthd and containerd 1.6 side by side:
 * masked stdout, stderr and exit codes must be identical (masks: times, the daemons' directories,
 * snapshot directory ids, and containerd's internal {@code <ns>/<seq>/} key prefix in three error
 * texts, see {@link SnapshotMasks}). The printed mount commands are run on both daemons, files are
 * written and read through them. Every test removes what it made and checks that no mount and no
 * snapshot directory is left.
 */
class CtrSnapshotsComparisonTest {

  @RegisterExtension
  static final PairedDaemons PAIR = PairedDaemons.withEmptyDir("mnt-");

  /** Where the tests mount snapshots. */
  private static Path target() {
    return PAIR.scratch();
  }

  @AfterEach
  void unmount() {
    while (!TempDirs.mountsUnder(target()).isEmpty()) {
      Mounts.umountQuietly(target());
      if (!TempDirs.mountsUnder(target()).isEmpty()) {
        throw new AssertionError("cannot unmount " + target());
      }
    }
  }

  private static List<DaemonProcess> both() {
    return List.of(PAIR.daemons().berthd(), PAIR.daemons().containerd());
  }

  /** Mounts snapshot {@code key} of each daemon in turn at the target and runs {@code body}. */
  private static void throughMount(String key, String namespace, MountBody body)
      throws IOException {
    for (DaemonProcess d : both()) {
      Ctr.Result printed = d.ctr().run("-n", namespace, "snapshots", "mounts", target().toString(),
          key);
      assertThat(printed.exitCode()).as(printed.transcript()).isZero();
      Mounts.mountPrinted(printed.stdout());
      try {
        body.run(target());
      } finally {
        Mounts.umount(target());
      }
    }
  }

  @FunctionalInterface
  private interface MountBody {
    void run(Path dir) throws IOException;
  }

  /** No mount under the target or either daemon's directory; berthd's snapshot dirs are empty. */
  private static void assertNothingLeft() throws IOException {
    assertThat(TempDirs.mountsUnder(target())).isEmpty();
    for (DaemonProcess d : both()) {
      assertThat(TempDirs.mountsUnder(d.dir())).as("mounts under " + d.dir()).isEmpty();
    }
    Path root = PAIR.daemons().berthd().root();
    for (String snapshotter : List.of("overlayfs", "native")) {
      Path dir = root.resolve("io.containerd.snapshotter.v1." + snapshotter + "/snapshots");
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.toList()).as("berthd's " + snapshotter + " snapshot directories").isEmpty();
      }
    }
  }

  @Test
  void overlaySessionWithMountsMatchesContainerd() throws IOException {
    CtrComparison c = PAIR.daemons().comparison();
    UnaryOperator<String> m = SnapshotMasks.IDS;
    String t = target().toString();
    c.step("snapshots", "ls");
    c.step("snapshots", "tree");
    c.step("snapshots", "usage");

    c.stepMasked(m, "snapshots", "prepare", "--target", t, "/tmp/base-layer");
    c.stepMasked(m, "snapshots", "mounts", t, "/tmp/base-layer");
    throughMount("/tmp/base-layer", "default", dir -> {
      Files.createDirectories(dir.resolve("etc"));
      Files.writeString(dir.resolve("etc/hostname"), "berth\n");
      Files.writeString(dir.resolve("doomed"), "gone in the next layer\n");
    });
    c.step("snapshots", "usage", "/tmp/base-layer");
    c.step("snapshots", "usage", "-b", "/tmp/base-layer");
    c.step("snapshots", "commit", "base", "/tmp/base-layer");
    c.step("snapshots", "info", "base");

    c.stepMasked(m, "snapshots", "prepare", "--target", t, "--mounts", "work", "base");
    throughMount("work", "default", dir -> {
      assertThat(Files.readString(dir.resolve("etc/hostname"))).isEqualTo("berth\n");
      Files.delete(dir.resolve("doomed"));
      Files.writeString(dir.resolve("etc/motd"), "layer two\n");
    });
    c.step("snapshots", "usage", "work");
    c.step("snapshots", "commit", "layer2", "work");

    c.stepMasked(m, "snapshots", "view", "--target", t, "--mounts", "ro-view", "layer2");
    throughMount("ro-view", "default", dir -> {
      assertThat(Files.readString(dir.resolve("etc/hostname"))).isEqualTo("berth\n");
      assertThat(Files.readString(dir.resolve("etc/motd"))).isEqualTo("layer two\n");
      assertThat(dir.resolve("doomed")).doesNotExist();
      assertThatThrownBy(() -> Files.writeString(dir.resolve("new"), "x"))
          .isInstanceOf(IOException.class);
    });
    c.stepMasked(m, "snapshots", "view", "--mounts", "base-view", "base");
    throughMount("base-view", "default", dir ->
        assertThat(Files.readString(dir.resolve("doomed"))).isEqualTo("gone in the next layer\n"));
    c.stepMasked(m, "snapshots", "prepare", "--mounts", "top", "layer2");

    c.step("snapshots", "ls");
    c.step("snapshots", "tree");
    c.step("snapshots", "usage");
    c.step("snapshots", "usage", "-b");
    c.step("snapshots", "info", "ro-view");
    c.step("snapshots", "info", "top");
    c.step("snapshots", "label", "ro-view", "team=storage");
    c.step("snapshots", "info", "ro-view");
    c.step("snapshots", "label", "ro-view", "team=");
    c.step("snapshots", "label", "ro-view");
    c.step("snapshots", "rm", "ro-view", "base-view", "top");
    c.step("snapshots", "rm", "layer2");
    c.step("snapshots", "rm", "base");
    c.step("snapshots", "ls");
    c.assertSame();
    assertNothingLeft();
  }

  @Test
  void errorCasesMatchContainerd() throws IOException {
    CtrComparison c = PAIR.daemons().comparison();
    UnaryOperator<String> m = SnapshotMasks.IDS_AND_BACKEND_KEYS;
    c.step("-n", "errs", "snapshots", "prepare", "active");
    c.step("-n", "errs", "snapshots", "commit", "committed", "active");
    c.step("-n", "errs", "snapshots", "view", "view", "committed");
    c.step("-n", "errs", "snapshots", "prepare", "child", "committed");
    c.stepMasked(m, "-n", "errs", "snapshots", "commit", "c2", "view");
    c.stepMasked(m, "-n", "errs", "snapshots", "mounts", "/mnt", "committed");
    c.stepMasked(m, "-n", "errs", "snapshots", "prepare", "x", "view");
    c.step("-n", "errs", "snapshots", "prepare", "x", "missing");
    c.step("-n", "errs", "snapshots", "prepare", "child");
    c.step("-n", "errs", "snapshots", "view", "child", "committed");
    c.step("-n", "errs", "snapshots", "commit", "committed", "child");
    c.step("-n", "errs", "snapshots", "commit", "new", "missing");
    c.step("-n", "errs", "snapshots", "commit", "", "child");
    c.step("-n", "errs", "snapshots", "prepare", "");
    c.step("-n", "errs", "snapshots", "rm", "committed");
    c.step("-n", "errs", "snapshots", "rm", "missing");
    c.step("-n", "errs", "snapshots", "rm", "view", "missing", "child");
    c.step("-n", "errs", "snapshots", "info", "missing");
    c.step("-n", "errs", "snapshots", "info", "");
    c.step("-n", "errs", "snapshots", "usage", "missing");
    c.step("-n", "errs", "snapshots", "usage", "child", "missing");
    c.step("-n", "errs", "snapshots", "mounts", "/mnt", "missing");
    c.step("-n", "errs", "snapshots", "label", "missing", "a=b");
    c.step("-n", "errs", "snapshots", "label", "", "a=b");
    c.step("-n", "errs", "snapshots", "label", "child", "=b");
    c.step("-n", "errs", "snapshots", "label", "child", "big=" + "v".repeat(4100));
    c.step("-n", "errs", "snapshots", "--snapshotter", "zfs", "ls");
    c.step("-n", "errs", "snapshots", "--snapshotter", "", "ls");
    c.step("-n", "bad/ns", "snapshots", "ls");
    c.step("-n", "errs", "ns", "rm", "errs");
    c.step("-n", "errs", "snapshots", "ls");
    c.step("-n", "errs", "snapshots", "rm", "child", "committed", "active");
    c.step("-n", "errs", "ns", "rm", "errs");
    c.step("-n", "errs", "snapshots", "ls");
    c.assertSame();
    assertNothingLeft();
  }

  @Test
  void namespacesAndArbitraryKeysMatchContainerd() throws IOException {
    CtrComparison c = PAIR.daemons().comparison();
    List<String> keys = List.of("a/", "a&", "../../etc/passwd", "x y", "ключ", "a");
    for (String ns : List.of("ns-a", "ns-b")) {
      for (String key : keys) {
        c.step("-n", ns, "snapshots", "prepare", key);
      }
    }
    c.step("-n", "ns-a", "snapshots", "commit", "shared-name", "a");
    c.step("-n", "ns-b", "snapshots", "commit", "shared-name", "a");
    c.step("-n", "ns-a", "snapshots", "prepare", "a", "shared-name");
    c.step("-n", "ns-a", "snapshots", "ls");
    c.step("-n", "ns-b", "snapshots", "tree");
    c.step("ns", "ls", "-q");
    c.step("ns", "rm", "ns-a");
    c.step("-n", "ns-a", "snapshots", "rm", "a");
    c.step("-n", "ns-a", "snapshots", "prepare", "a");
    c.step("-n", "ns-a", "snapshots", "info", "a");
    for (String ns : List.of("ns-a", "ns-b")) {
      for (String key : keys) {
        c.step("-n", ns, "snapshots", "rm", key);
      }
      c.step("-n", ns, "snapshots", "rm", "shared-name");
      c.step("ns", "rm", ns);
    }
    c.step("ns", "ls", "-q");
    c.assertSame();
    assertNothingLeft();
  }

  /**
   * The native snapshotter: the same commands and answers. Its mount sources are not compared:
   * containerd's native layer is {@code snapshots/<n>}, Berth's {@code snapshots/<n>/fs}.
   */
  @Test
  void nativeSnapshotterMatchesContainerd() throws IOException {
    CtrComparison c = PAIR.daemons().comparison();
    c.step("snapshots", "--snapshotter", "native", "prepare", "n1");
    for (DaemonProcess d : both()) {
      Ctr.Result printed = d.ctr().run("snapshots", "--snapshotter", "native", "mounts",
          target().toString(), "n1");
      Mounts.mountPrinted(printed.stdout());
      try {
        Files.writeString(target().resolve("file"), "native\n");
      } finally {
        Mounts.umount(target());
      }
    }
    c.step("snapshots", "--snapshotter", "native", "usage", "n1");
    c.step("snapshots", "--snapshotter", "native", "commit", "n-base", "n1");
    c.step("snapshots", "--snapshotter", "native", "prepare", "n2", "n-base");
    for (DaemonProcess d : both()) {
      Ctr.Result printed = d.ctr().run("snapshots", "--snapshotter", "native", "mounts",
          target().toString(), "n2");
      Mounts.mountPrinted(printed.stdout());
      try {
        assertThat(Files.readString(target().resolve("file"))).isEqualTo("native\n");
      } finally {
        Mounts.umount(target());
      }
    }
    c.step("snapshots", "--snapshotter", "native", "ls");
    c.step("snapshots", "--snapshotter", "native", "tree");
    c.step("snapshots", "ls");
    c.step("snapshots", "--snapshotter", "native", "info", "n2");
    c.step("snapshots", "--snapshotter", "native", "rm", "n-base");
    c.step("snapshots", "--snapshotter", "native", "rm", "n2", "n-base");
    c.step("snapshots", "--snapshotter", "native", "ls");
    c.assertSame();
    assertNothingLeft();
  }
}
