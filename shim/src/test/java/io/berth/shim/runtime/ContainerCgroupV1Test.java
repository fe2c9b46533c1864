package io.berth.shim.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.shim.cgroups.CgroupMode;
import io.berth.shim.cgroups.Cgroups;
import io.berth.shim.cgroups.Hierarchy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/** The container cgroup suite on this host's cgroup v1 controllers (V1 or HYBRID hosts). */
class ContainerCgroupV1Test extends ContainerCgroupConformance {
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
  boolean frozenOnDisk(String path) throws IOException {
    return Files.readString(dir(path, "freezer").resolve("freezer.state")).strip().equals("FROZEN");
  }

  @Override
  List<Path> allDirs(String path) {
    return layout.v1Hierarchies().stream().map(Hierarchy::mountpoint).map(m -> m.resolve(path.substring(1))).toList();
  }
}
