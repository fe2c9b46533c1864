package io.berth.shim.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a container could leave behind in this JVM and on the host: host mounts (where a container
 * could leak them), child processes
 * (zombies included), open descriptors, the runtime's threads (namespace, wait, stdio relay and
 * OOM watch threads), stage directories and cgroups below the given parents in every hierarchy.
 */
record LeakSnapshot(List<String> hostMounts, List<String> children, List<String> fds, List<String> runtimeThreads,
          List<String> stageDirs, List<String> cgroups) {
  private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

  static LeakSnapshot take(String... cgroupParents) throws IOException {
    List<String> children = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        for (String s : read(t.resolve("children")).trim().split("\\s+")) {
          if (!s.isEmpty()) {
            children.add(s + " " + read(Path.of("/proc", s, "cmdline")).replace('\0', ' ').trim());
          }
        }
      }
    }
    List<String> fds = new ArrayList<>();
    try (var list = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : list.toList()) {
        try {
          fds.add(Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+\\]", ""));
        } catch (IOException e) {
          // the descriptor of the listing itself
        }
      }
    }
    fds.sort(null);
    List<String> threads = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(LeakSnapshot::isRuntimeThread).sorted().toList();
    Path state = Path.of(System.getProperty("berth.shim.stateDir", "/run/berth-shim"));
    List<String> stages = new ArrayList<>();
    if (Files.isDirectory(state)) {
      try (var list = Files.list(state)) {
        list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stage")).forEach(stages::add);
      }
    }
    List<String> mounts = hostMounts(state);
    return new LeakSnapshot(mounts, List.copyOf(new TreeSet<>(children)), fds, threads, stages,
        cgroups(cgroupParents));
  }

  /**
   * The host's mounts (type and mount point) where a container could leak one: the root, /proc,
   * /dev, /sys (cgroups included), the test bundles and the stage directory. Mounts elsewhere
   * belong to other software on a shared machine and would make the check flaky.
   */
  private static List<String> hostMounts(Path stateDir) {
    List<String> mounts = new ArrayList<>();
    for (String line : read(Path.of("/proc/1/mountinfo")).split("\n")) {
      String[] f = line.split(" ");
      if (f.length < 9) {
        continue;
      }
      String point = f[4];
      int dash = java.util.Arrays.asList(f).indexOf("-");
      String type = dash > 0 && dash + 1 < f.length ? f[dash + 1] : "?";
      if (point.equals("/") || under(point, "/proc") || under(point, "/dev") || under(point, "/sys")
          || point.startsWith(System.getProperty("java.io.tmpdir") + "/berth-bundle")
          || under(point, stateDir.toString())) {
        mounts.add(type + " " + point);
      }
    }
    mounts.sort(null);
    return mounts;
  }

  private static boolean under(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir + "/");
  }

  private static boolean isRuntimeThread(String name) {
    return name.startsWith("berth-ns-") || name.startsWith("berth-wait-") || name.startsWith("oom-v1 ")
        || name.startsWith("cgroup-events ") || name.contains("container \"");
  }

  /** The cgroups below each parent, in the v2 root and in every v1 (or unified) mount under it. */
  private static List<String> cgroups(String... parents) throws IOException {
    List<Path> roots = new ArrayList<>();
    roots.add(CGROUP_ROOT);
    try (var list = Files.list(CGROUP_ROOT)) {
      list.filter(Files::isDirectory).forEach(roots::add);
    }
    List<String> found = new ArrayList<>();
    for (String parent : parents) {
      for (Path root : roots) {
        Path dir = root.resolve(parent.substring(1));
        if (Files.isDirectory(dir)) {
          try (var walk = Files.walk(dir)) {
            walk.filter(Files::isDirectory).filter(d -> !d.equals(dir)).forEach(d -> found.add(d.toString()));
          }
        }
      }
    }
    found.sort(null);
    return found;
  }

  /** Removes the (empty) parent cgroups in every hierarchy. */
  static void removeCgroupParents(String... parents) throws IOException {
    List<Path> roots = new ArrayList<>();
    try (var list = Files.list(CGROUP_ROOT)) {
      list.filter(Files::isDirectory).forEach(roots::add);
    }
    roots.add(CGROUP_ROOT);
    for (String parent : parents) {
      for (Path root : roots) {
        Path dir = root.resolve(parent.substring(1));
        if (!dir.equals(CGROUP_ROOT) && Files.isDirectory(dir)) {
          Files.delete(dir);
        }
      }
    }
  }

  private static String read(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
