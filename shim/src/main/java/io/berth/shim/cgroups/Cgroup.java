package io.berth.shim.cgroups;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import java.util.List;

/**
 * One container's cgroup, in every hierarchy the host has: each mounted v1 hierarchy (V1 and
 * HYBRID hosts, as runc does) or the single cgroup2 hierarchy (UNIFIED hosts).
 *
 * <p>The path is the OCI spec's {@code linux.cgroupsPath}: {@code /default/myid} (ctr), {@code
 * /docker/<id>} (dockerd). Absolute paths go under each hierarchy's mountpoint; relative ones
 * under this process's own cgroup. Paths with "..", "." components or NUL are refused with
 * {@link InvalidArgumentException}.
 *
 * <p>Device rules: on v1 they are written to devices.allow and devices.deny. On v2 they are
 * compiled into a BPF_PROG_TYPE_CGROUP_DEVICE program and attached to the cgroup.
 *
 * <p>Errors: {@link NotFoundException} when the cgroup (or a process being added) is gone, {@link
 * FailedPreconditionException} when a needed controller is not available, UnknownException for
 * other kernel refusals (the message names the cgroup, the file and the OS reason).
 */
public sealed interface Cgroup permits CgroupBase {

  /** Creates (or reuses) the cgroup with the detected layout and applies {@code resources}. */
  static Cgroup create(String cgroupsPath, Resources resources) {
    return create(Cgroups.detect(), cgroupsPath, resources);
  }

  /**
   * Creates the cgroup in every hierarchy of {@code layout} (parents as needed; an existing
   * cgroup is reused, as runc does) and applies {@code resources}. If applying fails, a cgroup
   * created by this call is removed again.
   */
  static Cgroup create(Cgroups layout, String cgroupsPath, Resources resources) {
    CgroupPath path = CgroupPath.parse(cgroupsPath);
    Resources r = resources == null ? Resources.NONE : resources;
    return layout.mode() == CgroupMode.UNIFIED
        ? V2Cgroup.create(layout, path, r)
        : V1Cgroup.create(layout, path, r);
  }

  /**
   * Opens an existing cgroup with the detected layout.
   *
   * @throws NotFoundException if it exists in no hierarchy
   */
  static Cgroup load(String cgroupsPath) {
    return load(Cgroups.detect(), cgroupsPath);
  }

  /** Opens an existing cgroup of {@code layout}; see {@link #load(String)}. */
  static Cgroup load(Cgroups layout, String cgroupsPath) {
    CgroupPath path = CgroupPath.parse(cgroupsPath);
    return layout.mode() == CgroupMode.UNIFIED
        ? V2Cgroup.load(layout, path)
        : V1Cgroup.load(layout, path);
  }

  /** The normalised cgroups path, e.g. {@code /default/myid}. */
  String path();

  /** {@link CgroupMode#UNIFIED} for a v2 cgroup, otherwise the host's v1 or hybrid mode. */
  CgroupMode mode();

  /**
   * Moves a process (all its threads) into the cgroup in every hierarchy.
   *
   * @throws NotFoundException if the process or the cgroup does not exist
   */
  void addProcess(long pid);

  /** The processes in the cgroup and its descendants, ascending. Empty if it is gone. */
  List<Long> pids();

  /**
   * Freezes every process (v1 freezer.state, v2 cgroup.freeze) and returns once the kernel
   * reports the cgroup FROZEN. Gives up after a bounded wait, thaws again and throws.
   *
   * @throws FailedPreconditionException if the host has no freezer for this cgroup
   */
  void freeze();

  /** Thaws the cgroup and returns once it no longer reads frozen. */
  void thaw();

  /** True when the kernel reports the cgroup frozen. False if there is no freezer. */
  boolean frozen();

  /** Applies the set values of {@code resources}; null values are left as they are. */
  void update(Resources resources);

  /** The cgroup's counters: {@link V1Stats} or {@link V2Stats}. */
  Stats stats();

  /**
   * Calls {@code callback} (on a daemon thread) each time the kernel OOM-kills in this cgroup: v1
   * through an eventfd registered on memory.oom_control, v2 when memory.events' oom_kill counter
   * rises (inotify). The watch ends when the returned handle is closed or the cgroup is removed.
   *
   * @throws FailedPreconditionException if the memory controller is not available
   */
  AutoCloseable onOom(Runnable callback);

  /**
   * How many processes the kernel has OOM-killed in this cgroup (v1 memory.oom_control's
   * oom_kill, v2 memory.events' oom_kill); 0 without the memory controller or the counter.
   */
  long oomKills();

  /**
   * Sends {@code signal} to every process of the cgroup: freeze, signal each pid, thaw (as runc
   * does, so that no process forks away meanwhile). A cgroup frozen beforehand stays frozen
   * unless the signal is SIGKILL (9), which thaws so the processes can die.
   */
  void killAll(int signal);

  /**
   * Kills any process left, then removes the cgroup (and any child cgroups) from every
   * hierarchy, retrying briefly while the kernel reports it busy. Doing it twice is harmless.
   * Parent cgroups (such as {@code /default}) are left, as runc leaves them.
   */
  void destroy();
}
