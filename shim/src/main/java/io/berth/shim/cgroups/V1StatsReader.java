package io.berth.shim.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a v1 cgroup's counters the way containerd's cgroups v1 package does. */
final class V1StatsReader {

  /** USER_HZ: cpuacct.stat counts in these ticks on every Linux architecture we run on. */
  private static final long CLOCK_TICKS = 100;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private V1StatsReader() {}

  static V1Stats read(V1Cgroup cg) {
    return new V1Stats(pids(cg), cpu(cg), memory(cg), blkio(cg), oomControl(cg));
  }

  private static V1Stats.Pids pids(V1Cgroup cg) {
    Path d = cg.dir("pids");
    if (d == null) {
      return null;
    }
    long limit = ControlFiles.readUnsigned(cg.name, d, "pids.max");
    return new V1Stats.Pids(
        ControlFiles.readUnsigned(cg.name, d, "pids.current"), limit == -1 ? 0 : limit);
  }

  private static V1Stats.Cpu cpu(V1Cgroup cg) {
    Path acct = cg.dir("cpuacct");
    Path cpu = cg.dir("cpu");
    if (acct == null && cpu == null) {
      return null;
    }
    V1Stats.CpuUsage usage = null;
    if (acct != null) {
      long user = 0;
      long kernel = 0;
      String[] f = ControlFiles.read(cg.name, acct, "cpuacct.stat").split("\\s+");
      for (int i = 0; i + 1 < f.length; i += 2) {
        long ticks = Long.parseLong(f[i + 1]);
        if (f[i].equals("user")) {
          user = ticks * NANOS_PER_SECOND / CLOCK_TICKS;
        } else if (f[i].equals("system")) {
          kernel = ticks * NANOS_PER_SECOND / CLOCK_TICKS;
        }
      }
      List<Long> perCpu = new ArrayList<>();
      String percpu = ControlFiles.readIfPresent(cg.name, acct, "cpuacct.usage_percpu");
      if (percpu != null && !percpu.isEmpty()) {
        for (String v : percpu.split("\\s+")) {
          perCpu.add(Long.parseUnsignedLong(v));
        }
      }
      usage =
          new V1Stats.CpuUsage(
              ControlFiles.readUnsigned(cg.name, acct, "cpuacct.usage"), kernel, user, perCpu);
    }
    V1Stats.Throttle throttle = null;
    if (cpu != null) {
      Map<String, Long> s = ControlFiles.readKeyValues(cg.name, cpu, "cpu.stat");
      throttle =
          new V1Stats.Throttle(
              s.getOrDefault("nr_periods", 0L),
              s.getOrDefault("nr_throttled", 0L),
              s.getOrDefault("throttled_time", 0L));
    }
    return new V1Stats.Cpu(usage, throttle);
  }

  private static V1Stats.Memory memory(V1Cgroup cg) {
    Path d = cg.dir("memory");
    if (d == null) {
      return null;
    }
    return new V1Stats.Memory(
        ControlFiles.readKeyValues(cg.name, d, "memory.stat"),
        entry(cg, d, "memory."),
        entry(cg, d, "memory.memsw."),
        entry(cg, d, "memory.kmem."),
        entry(cg, d, "memory.kmem.tcp."));
  }

  /** One family's four files; a family the kernel lacks (no swap accounting) reads as zero. */
  private static V1Stats.MemoryEntry entry(V1Cgroup cg, Path d, String prefix) {
    return new V1Stats.MemoryEntry(
        ControlFiles.readUnsignedOrZero(cg.name, d, prefix + "limit_in_bytes"),
        ControlFiles.readUnsignedOrZero(cg.name, d, prefix + "usage_in_bytes"),
        ControlFiles.readUnsignedOrZero(cg.name, d, prefix + "max_usage_in_bytes"),
        ControlFiles.readUnsignedOrZero(cg.name, d, prefix + "failcnt"));
  }

  private static V1Stats.OomControl oomControl(V1Cgroup cg) {
    Path d = cg.dir("memory");
    if (d == null) {
      return null;
    }
    Map<String, Long> s = ControlFiles.readKeyValues(cg.name, d, "memory.oom_control");
    return new V1Stats.OomControl(
        s.getOrDefault("oom_kill_disable", 0L),
        s.getOrDefault("under_oom", 0L),
        s.getOrDefault("oom_kill", 0L));
  }

  private static V1Stats.Blkio blkio(V1Cgroup cg) {
    Path d = cg.dir("blkio");
    if (d == null) {
      return null;
    }
    Map<String, String> devices = partitions();
    List<String> cfq =
        List.of(
            "io_service_bytes_recursive",
            "io_serviced_recursive",
            "io_queued_recursive",
            "io_service_time_recursive",
            "io_wait_time_recursive",
            "io_merged_recursive",
            "time_recursive",
            "sectors_recursive");
    Map<String, List<V1Stats.BlkioEntry>> lists = new HashMap<>();
    int total = 0;
    if (Files.exists(d.resolve("blkio.io_serviced_recursive"))) {
      for (String name : cfq) {
        List<V1Stats.BlkioEntry> l = entries(cg, d, "blkio." + name, devices);
        lists.put(name, l);
        total += l.size();
      }
    }
    if (total == 0) {
      // Devices without the CFQ scheduler only fill the throttle counters.
      lists.put("io_serviced_recursive", entries(cg, d, "blkio.throttle.io_serviced", devices));
      lists.put(
          "io_service_bytes_recursive", entries(cg, d, "blkio.throttle.io_service_bytes", devices));
    }
    return new V1Stats.Blkio(
        lists.getOrDefault("io_service_bytes_recursive", List.of()),
        lists.getOrDefault("io_serviced_recursive", List.of()),
        lists.getOrDefault("io_queued_recursive", List.of()),
        lists.getOrDefault("io_service_time_recursive", List.of()),
        lists.getOrDefault("io_wait_time_recursive", List.of()),
        lists.getOrDefault("io_merged_recursive", List.of()),
        lists.getOrDefault("time_recursive", List.of()),
        lists.getOrDefault("sectors_recursive", List.of()));
  }

  /** Parses "maj:min [op] value" lines; the "Total" line is skipped. */
  static List<V1Stats.BlkioEntry> parseBlkio(String text, Map<String, String> devices) {
    List<V1Stats.BlkioEntry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("[ :]+");
      if (f.length < 3) {
        continue;
      }
      try {
        long major = Long.parseLong(f[0]);
        long minor = Long.parseLong(f[1]);
        String op = f.length >= 4 ? f[2] : "";
        long value = Long.parseUnsignedLong(f[f.length >= 4 ? 3 : 2]);
        out.add(
            new V1Stats.BlkioEntry(op, devices.getOrDefault(major + ":" + minor, ""), major, minor, value));
      } catch (NumberFormatException e) {
        // not a device line
      }
    }
    return out;
  }

  private static List<V1Stats.BlkioEntry> entries(
      V1Cgroup cg, Path d, String file, Map<String, String> devices) {
    String text = ControlFiles.readIfPresent(cg.name, d, file);
    return text == null ? List.of() : parseBlkio(text, devices);
  }

  /** "major:minor" to "/dev/name" from /proc/partitions. */
  private static Map<String, String> partitions() {
    Map<String, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/partitions"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 4 && f[0].chars().allMatch(Character::isDigit) && !f[0].isEmpty()) {
          out.put(f[0] + ":" + f[1], "/dev/" + f[3]);
        }
      }
    } catch (IOException e) {
      // device names are cosmetic; the numbers stay
    }
    return out;
  }
}
