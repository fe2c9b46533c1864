package io.berth.shim.cgroups;

import io.berth.api.errors.InvalidArgumentException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;

/** Writes {@link Resources} into a v2 cgroup, converting the OCI v1-style values as runc does. */
final class V2Limits {

  private V2Limits() {}

  static void apply(V2Cgroup cg, Resources r) {
    if (!r.memory().isEmpty()) {
      memory(cg, r.memory());
    }
    if (!r.cpu().isEmpty()) {
      cpu(cg, r.cpu());
    }
    if (r.pidsLimit() != null) {
      cg.require("pids.max", "a pids limit", "pids");
      ControlFiles.write(cg.name, cg.dir(), "pids.max", max(r.pidsLimit()));
    }
    if (!r.devices().isEmpty()) {
      V2Devices.apply(cg.name, cg.dir(), r.devices());
    }
  }

  private static void memory(V2Cgroup cg, Resources.MemoryLimits m) {
    if (m.swap() != null) {
      long swap = swapValue(m.swap(), m.limit());
      if (Files.exists(cg.dir().resolve("memory.swap.max"))) {
        ControlFiles.write(cg.name, cg.dir(), "memory.swap.max", max(swap));
      } else {
        cg.require("memory.max", "a swap limit", "memory");
        CgroupBase.LOG.log(
            Level.WARNING, "cgroup {0}: swap limit ignored: the kernel does not account swap", cg.name);
      }
    } else if (m.limit() != null && m.limit() == -1
        && Files.exists(cg.dir().resolve("memory.swap.max"))) {
      ControlFiles.write(cg.name, cg.dir(), "memory.swap.max", "max");
    }
    if (m.limit() != null) {
      cg.require("memory.max", "a memory limit", "memory");
      ControlFiles.write(cg.name, cg.dir(), "memory.max", max(m.limit()));
    }
    if (m.reservation() != null) {
      cg.require("memory.low", "a memory reservation", "memory");
      ControlFiles.write(cg.name, cg.dir(), "memory.low", max(m.reservation()));
    }
  }

  /**
   * OCI's swap is memory+swap; memory.swap.max is swap alone. -1 stays unlimited; otherwise a
   * memory limit is needed and the difference is written.
   */
  static long swapValue(long memorySwap, Long memory) {
    if (memorySwap == -1) {
      return -1;
    }
    if (memory == null || memory == -1) {
      throw new InvalidArgumentException(
          "linux.resources.memory.swap needs a memory limit on cgroup v2");
    }
    if (memorySwap < memory) {
      throw new InvalidArgumentException(
          "linux.resources.memory.swap (" + memorySwap + ") must be at least memory.limit ("
              + memory + ")");
    }
    return memorySwap - memory;
  }

  /** cpu.shares (2..262144) to cpu.weight (1..10000), runc's linear mapping. */
  static long weight(long shares) {
    long s = Math.max(2, Math.min(262144, shares));
    return 1 + ((s - 2) * 9999) / 262142;
  }

  private static void cpu(V2Cgroup cg, Resources.CpuLimits c) {
    if (c.shares() != null) {
      cg.require("cpu.weight", "cpu shares", "cpu");
      ControlFiles.write(cg.name, cg.dir(), "cpu.weight", Long.toString(weight(c.shares())));
    }
    if (c.quota() != null || c.period() != null) {
      cg.require("cpu.max", "a cpu quota", "cpu");
      String quota;
      if (c.quota() != null) {
        quota = max(c.quota());
      } else {
        // Only the period changes: keep the quota in force.
        quota = ControlFiles.read(cg.name, cg.dir(), "cpu.max").split("\\s+")[0];
      }
      ControlFiles.write(
          cg.name, cg.dir(), "cpu.max", c.period() == null ? quota : quota + " " + c.period());
    }
    if (c.cpus() != null) {
      cg.require("cpuset.cpus", "a cpuset", "cpuset");
      ControlFiles.write(cg.name, cg.dir(), "cpuset.cpus", c.cpus());
    }
    if (c.mems() != null) {
      cg.require("cpuset.mems", "a cpuset", "cpuset");
      ControlFiles.write(cg.name, cg.dir(), "cpuset.mems", c.mems());
    }
  }

  private static String max(long v) {
    return v < 0 ? "max" : Long.toString(v);
  }
}
