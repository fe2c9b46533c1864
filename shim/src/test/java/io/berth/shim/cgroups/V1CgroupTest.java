package io.berth.shim.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on this host's cgroup v1 hierarchies (V1 or HYBRID hosts). */
class V1CgroupTest extends CgroupConformance {

  private static Cgroups layout;

  @BeforeAll
  static void detect() {
    layout = Cgroups.detect();
    assumeTrue(layout.mode() != CgroupMode.UNIFIED, "this host has no cgroup v1 controllers");
  }

  @Override
  Cgroups layout() {
    return layout;
  }

  @Override
  boolean offers(String controller) {
    return layout.v1().containsKey(controller);
  }

  @Override
  Path dir(String path, String controller) {
    return layout.v1().get(controller).mountpoint().resolve(path.substring(1));
  }

  @Override
  String memoryLimitFile() {
    return "memory.limit_in_bytes";
  }

  @Override
  void assertCpu(String path, long shares, long quota, long period) {
    Path d = dir(path, "cpu");
    assertThat(read(d, "cpu.shares")).isEqualTo(Long.toString(shares));
    assertThat(read(d, "cpu.cfs_quota_us")).isEqualTo(Long.toString(quota));
    assertThat(read(d, "cpu.cfs_period_us")).isEqualTo(Long.toString(period));
  }
}
