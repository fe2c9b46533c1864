package io.berth.shim.cgroups;

import java.util.List;
import java.util.Map;

/**
 * The counters of a v1 cgroup, field for field as io.containerd.cgroups.v1.Metrics. A component
 * is null when its controller is not mounted. Values are unsigned 64-bit (read with {@link
 * Long#toUnsignedString} when large).
 *
 * @param pids pids.current and pids.max (0 for "max")
 * @param cpu cpuacct usage and cpu.stat throttling
 * @param memory memory.stat and the usage/limit/max/failcnt files
 * @param blkio the blkio *_recursive files (or throttle.* when those are empty)
 * @param oomControl memory.oom_control
 */
public record V1Stats(Pids pids, Cpu cpu, Memory memory, Blkio blkio, OomControl oomControl)
    implements Stats {

  /** io.containerd.cgroups.v1.Metrics; cpu carries usage and throttling, memory carries usage. */
  @Override
  public io.berth.api.cgroups.v1.Metrics toProto() {
    return StatsProtos.v1(this);
  }

  /** pids.current and pids.max. */
  public record Pids(long current, long limit) {}

  /** CPU usage (either part is zero when its controller is not mounted). */
  public record Cpu(CpuUsage usage, Throttle throttling) {
    public Cpu {
      usage = usage == null ? new CpuUsage(0, 0, 0, List.of()) : usage;
      throttling = throttling == null ? new Throttle(0, 0, 0) : throttling;
    }
  }

  /** Nanoseconds: cpuacct.usage, cpuacct.stat system/user, cpuacct.usage_percpu. */
  public record CpuUsage(long total, long kernel, long user, List<Long> perCpu) {
    public CpuUsage {
      perCpu = List.copyOf(perCpu);
    }
  }

  /** cpu.stat: nr_periods, nr_throttled, throttled_time (ns). */
  public record Throttle(long periods, long throttledPeriods, long throttledTime) {}

  /**
   * Memory.
   *
   * @param stat memory.stat as the kernel names it: cache, rss, rss_huge, mapped_file, dirty,
   *     writeback, pgpgin, pgpgout, pgfault, pgmajfault, inactive_anon, active_anon,
   *     inactive_file, active_file, unevictable, hierarchical_memory_limit,
   *     hierarchical_memsw_limit and the total_* forms
   * @param usage memory.{usage_in_bytes, limit_in_bytes, max_usage_in_bytes, failcnt}
   * @param swap memory.memsw.* (zero when the kernel does not account swap)
   * @param kernel memory.kmem.*
   * @param kernelTcp memory.kmem.tcp.*
   */
  public record Memory(
      Map<String, Long> stat,
      MemoryEntry usage,
      MemoryEntry swap,
      MemoryEntry kernel,
      MemoryEntry kernelTcp) {
    public Memory {
      stat = Map.copyOf(stat);
    }

    /** A memory.stat value, 0 if the kernel does not report it. */
    public long stat(String key) {
      return stat.getOrDefault(key, 0L);
    }
  }

  /** One memory counter family. */
  public record MemoryEntry(long limit, long usage, long max, long failcnt) {}

  /** memory.oom_control. */
  public record OomControl(long oomKillDisable, long underOom, long oomKill) {}

  /** The blkio counters, one list per proto field. */
  public record Blkio(
      List<BlkioEntry> ioServiceBytesRecursive,
      List<BlkioEntry> ioServicedRecursive,
      List<BlkioEntry> ioQueuedRecursive,
      List<BlkioEntry> ioServiceTimeRecursive,
      List<BlkioEntry> ioWaitTimeRecursive,
      List<BlkioEntry> ioMergedRecursive,
      List<BlkioEntry> ioTimeRecursive,
      List<BlkioEntry> sectorsRecursive) {
    public Blkio {
      ioServiceBytesRecursive = List.copyOf(ioServiceBytesRecursive);
      ioServicedRecursive = List.copyOf(ioServicedRecursive);
      ioQueuedRecursive = List.copyOf(ioQueuedRecursive);
      ioServiceTimeRecursive = List.copyOf(ioServiceTimeRecursive);
      ioWaitTimeRecursive = List.copyOf(ioWaitTimeRecursive);
      ioMergedRecursive = List.copyOf(ioMergedRecursive);
      ioTimeRecursive = List.copyOf(ioTimeRecursive);
      sectorsRecursive = List.copyOf(sectorsRecursive);
    }
  }

  /** One line of a blkio file: device (from /proc/partitions, "/dev/sda"), op, value. */
  public record BlkioEntry(String op, String device, long major, long minor, long value) {}
}
