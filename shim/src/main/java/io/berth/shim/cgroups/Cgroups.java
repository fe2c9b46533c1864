package io.berth.shim.cgroups;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.UnknownException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup layout of this host, found by reading /proc/self/mountinfo and /proc/self/cgroup.
 * Nothing here assumes where the hierarchies are mounted.
 *
 * @param mode how the hierarchies are arranged
 * @param v1 every mounted v1 hierarchy by controller name ({@code memory}, {@code cpu}, ... and
 *     named ones as {@code name=systemd}); co-mounted controllers map to the same hierarchy; empty
 *     in {@link CgroupMode#UNIFIED} mode
 * @param unified the cgroup2 hierarchy, if one is mounted
 */
public record Cgroups(CgroupMode mode, Map<String, Hierarchy> v1, Optional<Hierarchy> unified) {

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Path SELF_CGROUP = Path.of("/proc/self/cgroup");

  public Cgroups {
    Objects.requireNonNull(mode, "mode");
    v1 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v1));
    Objects.requireNonNull(unified, "unified");
    if (mode == CgroupMode.UNIFIED && unified.isEmpty()) {
      throw new IllegalArgumentException("unified mode needs a cgroup2 hierarchy");
    }
    if (mode != CgroupMode.UNIFIED && v1.isEmpty()) {
      throw new IllegalArgumentException(mode + " mode needs v1 hierarchies");
    }
  }

  /** Reads this process's mount table and cgroup membership. */
  public static Cgroups detect() {
    try {
      return parse(Files.readString(MOUNTINFO), Files.readString(SELF_CGROUP));
    } catch (IOException e) {
      throw new UnknownException("read " + MOUNTINFO + " and " + SELF_CGROUP, e);
    }
  }

  /**
   * Builds the layout from the texts of /proc/PID/mountinfo and /proc/PID/cgroup.
   *
   * @throws FailedPreconditionException if no cgroup hierarchy is mounted
   */
  public static Cgroups parse(String mountinfo, String procCgroup) {
    Map<String, String> own = ownPaths(procCgroup);
    Map<String, Hierarchy> v1 = new LinkedHashMap<>();
    Hierarchy unified = null;
    for (MountInfo.Entry m : MountInfo.cgroupMounts(mountinfo)) {
      if (m.fsType().equals("cgroup2")) {
        Hierarchy h = new Hierarchy(Path.of(m.mountpoint()), m.root(), Set.of(), own.get(""));
        if (unified == null || preferredUnified(h, unified)) {
          unified = h;
        }
        continue;
      }
      List<String> controllers =
          m.superOptions().stream().filter(Cgroups::isControllerOption).toList();
      if (controllers.isEmpty()) {
        continue;
      }
      String key = String.join(",", controllers);
      Hierarchy h =
          new Hierarchy(
              Path.of(m.mountpoint()),
              m.root(),
              Set.copyOf(controllers),
              ownPathFor(own, controllers, key));
      for (String c : controllers) {
        v1.putIfAbsent(c, h);
      }
    }
    boolean anyV1Controller = v1.keySet().stream().anyMatch(c -> !c.startsWith("name="));
    CgroupMode mode;
    if (anyV1Controller) {
      mode = unified == null ? CgroupMode.V1 : CgroupMode.HYBRID;
    } else if (unified != null) {
      mode = CgroupMode.UNIFIED;
      v1.clear();
    } else {
      throw new FailedPreconditionException("no cgroup hierarchy is mounted");
    }
    return new Cgroups(mode, v1, Optional.ofNullable(unified));
  }

  /**
   * This layout reduced to its cgroup2 hierarchy alone, as a v2-only host would be. On a hybrid
   * host this drives the unified hierarchy, which usually holds no controllers.
   *
   * @throws FailedPreconditionException if no cgroup2 hierarchy is mounted
   */
  public Cgroups unifiedOnly() {
    if (unified.isEmpty()) {
      throw new FailedPreconditionException("no cgroup2 hierarchy is mounted");
    }
    return new Cgroups(CgroupMode.UNIFIED, Map.of(), unified);
  }

  /** The distinct v1 hierarchies (co-mounted controllers appear once), in mount order. */
  public List<Hierarchy> v1Hierarchies() {
    return v1.values().stream().distinct().toList();
  }

  private static boolean isControllerOption(String option) {
    return switch (option) {
      case "rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode", "favordynmods" ->
          false;
      default -> !option.startsWith("release_agent=") && !option.isEmpty();
    };
  }

  /** Prefers /sys/fs/cgroup, then /sys/fs/cgroup/unified, over any other cgroup2 mount. */
  private static boolean preferredUnified(Hierarchy candidate, Hierarchy current) {
    return rank(candidate.mountpoint()) < rank(current.mountpoint());
  }

  private static int rank(Path mountpoint) {
    String p = mountpoint.toString();
    if (p.equals("/sys/fs/cgroup")) {
      return 0;
    }
    return p.equals("/sys/fs/cgroup/unified") ? 1 : 2;
  }

  /** Maps each line's controller list (and "" for the v2 line) to the path. */
  private static Map<String, String> ownPaths(String procCgroup) {
    Map<String, String> out = new HashMap<>();
    for (String line : procCgroup.split("\n")) {
      int first = line.indexOf(':');
      int second = first < 0 ? -1 : line.indexOf(':', first + 1);
      if (second < 0) {
        continue;
      }
      String controllers = line.substring(first + 1, second);
      String path = line.substring(second + 1);
      out.put(controllers, path);
    }
    return out;
  }

  private static String ownPathFor(Map<String, String> own, List<String> controllers, String key) {
    String path = own.get(key);
    if (path != null) {
      return path;
    }
    for (Map.Entry<String, String> e : own.entrySet()) {
      if (List.of(e.getKey().split(",")).containsAll(controllers)) {
        return e.getValue();
      }
    }
    return "/";
  }
}
