package io.berth.shim.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on the cgroup2 hierarchy: the whole host on a v2-only machine; on a
 * hybrid host the unified mount alone, which usually offers no controllers (so the memory, cpu
 * and pids tests are skipped there while freeze, processes, kill, cpu usage and device rules run).
 */
class V2CgroupTest extends CgroupConformance {

  private static Cgroups layout;

  @BeforeAll
  static void detect() {
    Cgroups host = Cgroups.detect();
    assumeTrue(host.unified().isPresent(), "this host has no cgroup2 hierarchy");
    layout = host.mode() == CgroupMode.UNIFIED ? host : host.unifiedOnly();
  }

  @Override
  Cgroups layout() {
    return layout;
  }

  private Path root() {
    return layout.unified().orElseThrow().mountpoint();
  }

  @Override
  boolean offers(String controller) {
    String offered = read(root(), "cgroup.controllers");
    return List.of(offered.split("\\s+")).contains(controller);
  }

  @Override
  Path dir(String path, String controller) {
    return root().resolve(path.substring(1));
  }

  @Override
  String memoryLimitFile() {
    return "memory.max";
  }

  @Override
  void assertCpu(String path, long shares, long quota, long period) {
    Path d = dir(path, "cpu");
    assertThat(read(d, "cpu.weight")).isEqualTo(Long.toString(V2Limits.weight(shares)));
    assertThat(read(d, "cpu.max")).isEqualTo(quota + " " + period);
  }

  @Test
  void inotifyFiresOnCgroupEventsWhenTheCgroupBecomesPopulated() throws Exception {
    Cgroup cg = Cgroup.create(layout, path, Resources.NONE);
    Path d = dir(path, "");
    assumeTrue(Files.exists(d.resolve("cgroup.events")), "kernel without cgroup.events");
    CountDownLatch populated = new CountDownLatch(1);
    try (EventsWatch w = EventsWatch.start(path, d, "cgroup.events", "populated", populated::countDown)) {
      TestProcess p = start("read x; exec sleep 60");

      cg.addProcess(p.pid());

      assertThat(populated.await(30, TimeUnit.SECONDS)).as("populated 0 -> 1 notified").isTrue();
    }
  }
}
