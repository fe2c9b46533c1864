package io.berth.shim.cgroups;

import java.util.List;
import java.util.Map;

/**
 * The counters of a v2 cgroup, field for field as io.containerd.cgroups.v2.Metrics. Files of
 * controllers that are not enabled read as zero (as containerd does); "max" reads as -1 (all
 * bits set, containerd's MaxUint64).
 *
 * @param pids pids.current, pids.max
 * @param cpu cpu.stat (usage_usec, user_usec and system_usec exist without the cpu controller)
 * @param memory memory.stat, memory.current/max, memory.swap.current/max
 * @param io io.stat, one entry per device
 * @param memoryEvents memory.events, null when the file does not exist
 */
public record V2Stats(
    Pids pids, Cpu cpu, Memory memory, List<IoEntry> io, MemoryEvents memoryEvents)
    implements Stats {

  public V2Stats {
    io = List.copyOf(io);
  }

  /** io.containerd.cgroups.v2.Metrics. */
  @Override
  public io.berth.api.cgroups.v2.Metrics toProto() {
    return StatsProtos.v2(this);
  }

  /** pids.current and pids.max. */
  public record Pids(long current, long limit) {}

  /** cpu.stat, in microseconds. */
  public record Cpu(
      long usageUsec,
      long userUsec,
      long systemUsec,
      long nrPeriods,
      long nrThrottled,
      long throttledUsec) {}

  /**
   * Memory.
   *
   * @param stat memory.stat as the kernel names it (anon, file, kernel_stack, slab, sock, ...)
   */
  public record Memory(
      Map<String, Long> stat, long usage, long usageLimit, long swapUsage, long swapLimit) {
    public Memory {
      stat = Map.copyOf(stat);
    }

    /** A memory.stat value, 0 if the kernel does not report it. */
    public long stat(String key) {
      return stat.getOrDefault(key, 0L);
    }
  }

  /** One io.stat line. */
  public record IoEntry(long major, long minor, long rbytes, long wbytes, long rios, long wios) {}

  /** memory.events counters. */
  public record MemoryEvents(long low, long high, long max, long oom, long oomKill) {}
}
