package io.berth.shim.cgroups;

/** How the host mounts its cgroup hierarchies. */
public enum CgroupMode {
  /** Only cgroup v1 hierarchies (one or more controllers per mount), no cgroup2 mount. */
  V1,
  /**
   * v1 controllers plus a cgroup2 mount (usually {@code /sys/fs/cgroup/unified}) that holds few or
   * no controllers. Berth places containers with the v1 controllers, as runc does.
   */
  HYBRID,
  /** The single cgroup2 hierarchy (usually at {@code /sys/fs/cgroup}) holds every controller. */
  UNIFIED
}
