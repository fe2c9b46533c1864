package io.berth.bench.workloads.tasks;

import io.berth.bench.run.Percentiles;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.Daemon;
import io.berth.bench.targets.ProcessMemory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory of a daemon and of its shims at one moment, from smaps_rollup.
 *
 * @param daemon the daemon process alone (berthd's JVM; containerd)
 * @param shims one entry per shim process then running
 */
record MemorySnapshot(ProcessMemory daemon, List<ProcessMemory> shims) {

  MemorySnapshot {
    shims = List.copyOf(shims);
  }

  /** Reads the daemon's and its shims' memory now. */
  static MemorySnapshot take(Daemon d) {
    ProcessMemory daemon;
    try {
      daemon = ProcessMemory.of(d.pid());
    } catch (IOException e) {
      throw new WorkloadFailure("cannot read the memory of " + d.name() + " (pid " + d.pid()
          + "): " + e.getMessage(), e);
    }
    List<ProcessMemory> shims = new ArrayList<>();
    for (long pid : d.shimPids()) {
      try {
        shims.add(ProcessMemory.of(pid));
      } catch (IOException e) {
        // a shim that ended meanwhile (e.g. one that was being deleted) is not counted
      }
    }
    return new MemorySnapshot(daemon, shims);
  }

  /** What the rows report of a snapshot, in MiB. */
  enum Quantity {
    DAEMON_RSS("daemon-rss", "daemon alone, RSS"),
    TOTAL_RSS("daemon+shims-rss", "daemon and all its shims, sum of RSS"),
    TOTAL_PSS("daemon+shims-pss", "daemon and all its shims, sum of PSS"),
    SHIM_RSS("shim-rss", "RSS of one shim, median over the shims"),
    SHIM_PSS("shim-pss", "PSS of one shim, median over the shims");

    final String key;
    final String description;

    Quantity(String key, String description) {
      this.key = key;
      this.description = description;
    }
  }

  /** The quantity in MiB; the shim medians fail when there is no shim. */
  double mib(Quantity q) {
    return switch (q) {
      case DAEMON_RSS -> daemon.rssMib();
      case TOTAL_RSS -> (daemon.rssKib() + shims.stream().mapToLong(ProcessMemory::rssKib).sum())
          / 1024.0;
      case TOTAL_PSS -> (daemon.pssKib() + shims.stream().mapToLong(ProcessMemory::pssKib).sum())
          / 1024.0;
      case SHIM_RSS -> shimMedian(shims.stream().mapToLong(ProcessMemory::rssKib).toArray());
      case SHIM_PSS -> shimMedian(shims.stream().mapToLong(ProcessMemory::pssKib).toArray());
    };
  }

  private static double shimMedian(long[] kib) {
    if (kib.length == 0) {
      throw new WorkloadFailure("no shim is running");
    }
    return Percentiles.median(kib) / 1024.0;
  }
}
