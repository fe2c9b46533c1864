package io.berth.shim.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.shim.cgroups.CgroupMode;
import io.berth.shim.cgroups.Cgroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The container cgroup suite on the cgroup2 hierarchy: the whole host on a v2-only machine; on a
 * hybrid host the unified mount alone, which usually offers no memory or cpu controller (so the
 * OOM and update tests are skipped there while pause, stats of cpu and kill-all run).
 */
class ContainerCgroupV2Test extends ContainerCgroupConformance {
  private static Cgroups layout;

  @BeforeAll
  static void detect() {
    Cgroups host = Cgroups.detect();
    assumeTrue(host.unified().isPresent(), "this host has no cgroup2 hierarchy");
    layout = host.mode() == CgroupMode.UNIFIED ? host : host.unifiedOnly();
  }

  private Path root() {
    return layout.unified().orElseThrow().mountpoint();
  }

  @Override
  Cgroups layout() {
    return layout;
  }

  @Override
  boolean offers(String controller) {
    try {
      return List.of(Files.readString(root().resolve("cgroup.controllers")).strip().split("\\s+")).contains(controller);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
  boolean frozenOnDisk(String path) throws IOException {
    return Files.readAllLines(dir(path, "").resolve("cgroup.events")).contains("frozen 1");
  }

  @Override
  List<Path> allDirs(String path) {
    return List.of(dir(path, ""));
  }
}
