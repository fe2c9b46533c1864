package io.berth.shim.cgroups;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * One mounted cgroup hierarchy.
 *
 * @param mountpoint where it is mounted, e.g. {@code /sys/fs/cgroup/memory}
 * @param mountRoot the cgroup that the mount shows at its top (field 4 of mountinfo), usually "/"
 * @param controllers the controllers bound to it: {@code cpu}, {@code memory}, ... and named
 *     hierarchies as {@code name=systemd}; empty for cgroup2 (its controllers are per cgroup)
 * @param ownPath this process's cgroup in the hierarchy, from /proc/self/cgroup ("/" if unknown)
 */
public record Hierarchy(Path mountpoint, String mountRoot, Set<String> controllers, String ownPath) {

  public Hierarchy {
    Objects.requireNonNull(mountpoint, "mountpoint");
    if (!mountpoint.isAbsolute()) {
      throw new IllegalArgumentException("mountpoint must be absolute: " + mountpoint);
    }
    mountRoot = mountRoot == null || mountRoot.isEmpty() ? "/" : mountRoot;
    controllers = Set.copyOf(controllers);
    ownPath = ownPath == null || ownPath.isEmpty() ? "/" : ownPath;
  }

  /**
   * The directory of this process's own cgroup: the own path made relative to the mount root
   * (which the mountpoint shows), so it also works inside a container's cgroup namespace.
   */
  public Path ownDirectory() {
    String own = ownPath;
    if (!mountRoot.equals("/") && (own.equals(mountRoot) || own.startsWith(mountRoot + "/"))) {
      own = own.substring(mountRoot.length());
    }
    Path dir = mountpoint;
    for (String part : own.split("/")) {
      if (!part.isEmpty()) {
        dir = dir.resolve(part);
      }
    }
    return dir;
  }
}
