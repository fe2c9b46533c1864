package io.berth.shim.cgroups;

import io.berth.api.errors.UnknownException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@link Resources} into a v1 cgroup's control files, in the order runc uses. */
final class V1Limits {

  private V1Limits() {}

  static void apply(V1Cgroup cg, Resources r) {
    if (!r.memory().isEmpty()) {
      memory(cg, r.memory());
    }
    if (!r.cpu().isEmpty()) {
      cpu(cg, r.cpu());
    }
    if (r.pidsLimit() != null) {
      Path d = cg.require("pids", "a pids limit");
      ControlFiles.write(cg.name, d, "pids.max", r.pidsLimit() < 0 ? "max" : r.pidsLimit().toString());
    }
    if (!r.devices().isEmpty()) {
      Path d = cg.require("devices", "device rules");
      for (Resources.DeviceRule rule : r.devices()) {
        ControlFiles.write(cg.name, d, rule.allow() ? "devices.allow" : "devices.deny", rule.v1Text());
      }
    }
  }

  private static void memory(V1Cgroup cg, Resources.MemoryLimits m) {
    Path d = cg.require("memory", "a memory limit");
    Long limit = m.limit();
    Long swap = m.swap();
    boolean swapAccounting = Files.exists(d.resolve("memory.memsw.limit_in_bytes"));
    if (swap != null && !swapAccounting) {
      CgroupBase.LOG.log(
          Level.WARNING,
          "cgroup {0}: swap limit {1} ignored: the kernel does not account swap",
          cg.name,
          swap);
      swap = null;
    }
    if (limit != null && limit == -1 && swap == null && swapAccounting) {
      // Unlimited memory without a swap value means unlimited memory+swap as well.
      swap = -1L;
    }
    if (limit != null && swap != null) {
      long current = ControlFiles.readUnsigned(cg.name, d, "memory.limit_in_bytes");
      // memsw must stay >= memory: raise swap first when growing, lower memory first when shrinking.
      if (swap == -1 || Long.compareUnsigned(current, swap) < 0) {
        write(cg, d, "memory.memsw.limit_in_bytes", swap);
        write(cg, d, "memory.limit_in_bytes", limit);
      } else {
        write(cg, d, "memory.limit_in_bytes", limit);
        write(cg, d, "memory.memsw.limit_in_bytes", swap);
      }
    } else if (limit != null) {
      write(cg, d, "memory.limit_in_bytes", limit);
    } else if (swap != null) {
      write(cg, d, "memory.memsw.limit_in_bytes", swap);
    }
    if (m.reservation() != null) {
      write(cg, d, "memory.soft_limit_in_bytes", m.reservation());
    }
  }

  private static void write(V1Cgroup cg, Path d, String file, long value) {
    try {
      ControlFiles.write(cg.name, d, file, Long.toString(value));
    } catch (UnknownException e) {
      long usage = ControlFiles.readUnsignedOrZero(cg.name, d, "memory.usage_in_bytes");
      throw new UnknownException(
          e.detail() + " (memory usage is " + usage + " bytes)", e.getCause());
    }
  }

  private static void cpu(V1Cgroup cg, Resources.CpuLimits c) {
    if (c.shares() != null || c.quota() != null || c.period() != null) {
      Path d = cg.require("cpu", "a cpu limit");
      if (c.shares() != null) {
        ControlFiles.write(cg.name, d, "cpu.shares", c.shares().toString());
      }
      boolean periodPending = false;
      if (c.period() != null) {
        try {
          ControlFiles.write(cg.name, d, "cpu.cfs_period_us", c.period().toString());
        } catch (UnknownException e) {
          // A shorter period can be refused until the new quota is in; retry after it.
          if (c.quota() == null) {
            throw e;
          }
          periodPending = true;
        }
      }
      if (c.quota() != null) {
        ControlFiles.write(cg.name, d, "cpu.cfs_quota_us", c.quota().toString());
        if (periodPending) {
          ControlFiles.write(cg.name, d, "cpu.cfs_period_us", c.period().toString());
        }
      }
    }
    if (c.cpus() != null || c.mems() != null) {
      Path d = cg.require("cpuset", "a cpuset");
      if (c.cpus() != null) {
        ControlFiles.write(cg.name, d, "cpuset.cpus", c.cpus());
      }
      if (c.mems() != null) {
        ControlFiles.write(cg.name, d, "cpuset.mems", c.mems());
      }
    }
  }
}
