package io.berth.shim.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.FailedPreconditionException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CgroupsTest {

  private static final String HYBRID_MOUNTS =
      """
      22 28 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
      31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
      32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
      33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
      35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
      37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime shared:9 - cgroup cgroup rw,freezer
      40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
      41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate
      """;

  private static final String HYBRID_SELF =
      """
      9:name=systemd:/
      4:memory:/process_api/62f3
      2:cpuacct:/
      1:cpu:/
      6:freezer:/
      0::/init.scope
      """;

  @Test
  void hybridHostMapsEachControllerToItsOwnMount() {
    Cgroups c = Cgroups.parse(HYBRID_MOUNTS, HYBRID_SELF);

    assertThat(c.mode()).isEqualTo(CgroupMode.HYBRID);
    assertThat(c.v1().keySet())
        .containsExactlyInAnyOrder("cpu", "cpuacct", "memory", "freezer", "name=systemd");
    assertThat(c.v1().get("cpu").mountpoint()).isEqualTo(Path.of("/sys/fs/cgroup/cpu"));
    assertThat(c.v1().get("cpuacct").mountpoint()).isEqualTo(Path.of("/sys/fs/cgroup/cpuacct"));
    assertThat(c.v1().get("memory").ownPath()).isEqualTo("/process_api/62f3");
    assertThat(c.v1().get("memory").ownDirectory())
        .isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/62f3"));
    assertThat(c.unified().orElseThrow().mountpoint()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
    assertThat(c.unified().orElseThrow().ownPath()).isEqualTo("/init.scope");
    assertThat(c.v1Hierarchies()).hasSize(5);
  }

  @Test
  void coMountedControllersShareOneHierarchy() {
    String mounts =
        """
        25 24 0:22 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
        26 24 0:23 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids
        """;
    Cgroups c = Cgroups.parse(mounts, "3:cpu,cpuacct:/user.slice\n2:pids:/\n");

    assertThat(c.mode()).isEqualTo(CgroupMode.V1);
    assertThat(c.v1().get("cpu")).isSameAs(c.v1().get("cpuacct"));
    assertThat(c.v1().get("cpu").ownPath()).isEqualTo("/user.slice");
    assertThat(c.v1Hierarchies()).hasSize(2);
    assertThat(c.unified()).isEmpty();
  }

  @Test
  void unifiedOnlyHostIsUnified() {
    String mounts =
        "30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2"
            + " rw,nsdelegate,memory_recursiveprot\n";
    Cgroups c = Cgroups.parse(mounts, "0::/system.slice/berthd.service\n");

    assertThat(c.mode()).isEqualTo(CgroupMode.UNIFIED);
    assertThat(c.v1()).isEmpty();
    assertThat(c.unified().orElseThrow().ownDirectory())
        .isEqualTo(Path.of("/sys/fs/cgroup/system.slice/berthd.service"));
  }

  @Test
  void mountRootIsStrippedFromOwnPathInsideAContainer() {
    String mounts = "30 24 0:26 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
    Cgroups c = Cgroups.parse(mounts, "0::/docker/abc/sub\n");

    assertThat(c.unified().orElseThrow().ownDirectory()).isEqualTo(Path.of("/sys/fs/cgroup/sub"));
  }

  @Test
  void escapedMountpointsAreDecoded() {
    String mounts = "40 24 0:30 / /mnt/my\\040cgroups rw - cgroup cgroup rw,pids\n";
    Cgroups c = Cgroups.parse(mounts, "");

    assertThat(c.v1().get("pids").mountpoint()).isEqualTo(Path.of("/mnt/my cgroups"));
  }

  @Test
  void noCgroupMountIsAFailedPrecondition() {
    assertThatThrownBy(() -> Cgroups.parse("22 28 0:21 / /proc rw - proc proc rw\n", ""))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("no cgroup hierarchy is mounted: failed precondition");
  }

  @Test
  void unifiedOnlyViewOfAHybridHost() {
    Cgroups c = Cgroups.parse(HYBRID_MOUNTS, HYBRID_SELF).unifiedOnly();

    assertThat(c.mode()).isEqualTo(CgroupMode.UNIFIED);
    assertThat(c.v1()).isEmpty();
  }

  @Test
  void unifiedOnlyWithoutCgroup2Fails() {
    Cgroups c = Cgroups.parse("26 24 0:23 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n", "");

    assertThatThrownBy(c::unifiedOnly).isInstanceOf(FailedPreconditionException.class);
  }

  @Test
  void detectFindsRealHierarchiesOnThisHost() {
    Cgroups c = Cgroups.detect();

    for (Hierarchy h : c.v1Hierarchies()) {
      assertThat(h.mountpoint().resolve("cgroup.procs")).as("v1 %s", h.controllers()).exists();
      assertThat(Files.isDirectory(h.ownDirectory())).as("own cgroup of %s", h.controllers()).isTrue();
    }
    c.unified()
        .ifPresent(u -> assertThat(u.mountpoint().resolve("cgroup.controllers")).exists());
    if (c.mode() == CgroupMode.UNIFIED) {
      assertThat(c.v1()).isEmpty();
    } else {
      assertThat(c.v1().keySet()).anyMatch(k -> !k.startsWith("name="));
    }
  }
}
