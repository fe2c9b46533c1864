package io.berth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the report records about the machine: cores, CPU, kernel, JVM, background load. */
final class Environment {

  private final Map<String, String> values = new LinkedHashMap<>();

  static Environment capture() {
    Environment e = new Environment();
    e.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    e.put("cpu", cpuModel());
    e.put("kernel", read("/proc/sys/kernel/osrelease"));
    e.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    e.put("load average before", loadAverage());
    return e;
  }

  void put(String key, String value) {
    values.put(key, value);
  }

  Map<String, String> values() {
    return Map.copyOf(values);
  }

  /** The 1, 5 and 15 minute load averages: other work on the machine skews every number. */
  static String loadAverage() {
    String[] f = read("/proc/loadavg").split(" ");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
