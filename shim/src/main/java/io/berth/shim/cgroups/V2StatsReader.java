package io.berth.shim.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a v2 cgroup's counters the way containerd's cgroups v2 package does. */
final class V2StatsReader {

  private V2StatsReader() {}

  static V2Stats read(String name, Path dir) {
    Map<String, Long> cpu = ControlFiles.readKeyValues(name, dir, "cpu.stat");
    V2Stats.Cpu c =
        new V2Stats.Cpu(
            cpu.getOrDefault("usage_usec", 0L),
            cpu.getOrDefault("user_usec", 0L),
            cpu.getOrDefault("system_usec", 0L),
            cpu.getOrDefault("nr_periods", 0L),
            cpu.getOrDefault("nr_throttled", 0L),
            cpu.getOrDefault("throttled_usec", 0L));
    V2Stats.Pids pids =
        new V2Stats.Pids(
            ControlFiles.readUnsignedOrZero(name, dir, "pids.current"),
            ControlFiles.readUnsignedOrZero(name, dir, "pids.max"));
    V2Stats.Memory memory =
        new V2Stats.Memory(
            ControlFiles.readKeyValues(name, dir, "memory.stat"),
            ControlFiles.readUnsignedOrZero(name, dir, "memory.current"),
            ControlFiles.readUnsignedOrZero(name, dir, "memory.max"),
            ControlFiles.readUnsignedOrZero(name, dir, "memory.swap.current"),
            ControlFiles.readUnsignedOrZero(name, dir, "memory.swap.max"));
    V2Stats.MemoryEvents events = null;
    if (Files.exists(dir.resolve("memory.events"))) {
      Map<String, Long> e = ControlFiles.readKeyValues(name, dir, "memory.events");
      events =
          new V2Stats.MemoryEvents(
              e.getOrDefault("low", 0L),
              e.getOrDefault("high", 0L),
              e.getOrDefault("max", 0L),
              e.getOrDefault("oom", 0L),
              e.getOrDefault("oom_kill", 0L));
    }
    String io = ControlFiles.readIfPresent(name, dir, "io.stat");
    return new V2Stats(pids, c, memory, io == null ? List.of() : parseIo(io), events);
  }

  /** io.stat lines: {@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0}. */
  static List<V2Stats.IoEntry> parseIo(String text) {
    List<V2Stats.IoEntry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split(" ");
      String[] majmin = parts[0].split(":");
      if (parts.length < 2 || majmin.length != 2) {
        continue;
      }
      long major;
      long minor;
      try {
        major = Long.parseLong(majmin[0]);
        minor = Long.parseLong(majmin[1]);
      } catch (NumberFormatException e) {
        continue;
      }
      long rbytes = 0;
      long wbytes = 0;
      long rios = 0;
      long wios = 0;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=");
        if (kv.length != 2) {
          continue;
        }
        long v;
        try {
          v = Long.parseUnsignedLong(kv[1]);
        } catch (NumberFormatException e) {
          continue;
        }
        switch (kv[0]) {
          case "rbytes" -> rbytes = v;
          case "wbytes" -> wbytes = v;
          case "rios" -> rios = v;
          case "wios" -> wios = v;
          default -> {}
        }
      }
      out.add(new V2Stats.IoEntry(major, minor, rbytes, wbytes, rios, wios));
    }
    return out;
  }
}
