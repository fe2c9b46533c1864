package io.berth.shim.runtime;

import io.berth.shim.cgroups.Cgroup;
import io.berth.shim.init.PlanCodec;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Spec;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime half of a pooled shim's rehearsal (see {@code PooledShim}): runs the code a
 * container's create, exec, metrics, pause and delete run in the shim, on a scratch bundle and a
 * scratch cgroup, without starting any process, so that the first real container finds that code
 * loaded, linked and warm. It leaves nothing behind: the cgroup is removed and every descriptor
 * and copier thread it opens is closed before it returns.
 */
public final class Rehearsal {
  private static final int S_IFIFO = 0010000;

  private Rehearsal() {
  }

  /**
   * Plans {@code spec} as a container in {@code bundle} (which holds a rootfs directory), sets up
   * the process's stdio as the shim does for FIFO paths (opening their other ends itself), plans
   * {@code exec} as an exec'd process, and creates, reads, freezes, thaws and removes the cgroup
   * {@code cgroupsPath} (a path of its own: it must not exist).
   */
  public static void container(Path bundle, Spec spec, Stdio stdio, ProcessSpec exec, String cgroupsPath) {
    SpecPlanner.Planned planned = SpecPlanner.plan(bundle, spec, false);
    PlanCodec.encode(planned.init());
    PlanCodec.encode(SpecPlanner.exec(1, exec, spec.linux() == null ? null : spec.linux().seccomp(), false));
    HookRunner.state("rehearsal", "created", 1, bundle);
    io.berth.shim.cgroups.Resources resources =
        CgroupResources.of(spec.linux() == null ? null : spec.linux().resources());
    Cgroup cgroup = Cgroup.create(cgroupsPath, new io.berth.shim.cgroups.Resources(resources.memory(),
        resources.cpu(), null, resources.devices()));
    try {
      cgroup.pids();
      cgroup.stats();
      try {
        cgroup.freeze();
        cgroup.thaw();
      } catch (RuntimeException e) {
        // no freezer here: pause is not rehearsed
      }
      try (AutoCloseable oom = cgroup.onOom(() -> { })) {
        cgroup.killAll(9);
      } catch (Exception e) {
        // no memory controller or no watch: the rest is rehearsed anyway
      }
    } finally {
      cgroup.destroy();
    }
    stdio(stdio);
  }

  /**
   * Opens {@code stdio} as a process's would be, with the FIFOs' other ends held here, then closes
   * all. Each peer is closed only once the shim's copier has opened its FIFO: a copier whose open
   * came after would wait for a peer forever.
   */
  private static void stdio(Stdio stdio) {
    List<Integer> peers = new ArrayList<>();
    ProcessIo io = new ProcessIo(stdio, "rehearsal");
    try {
      for (Stdio.Target t : List.of(stdio.stdin(), stdio.stdout(), stdio.stderr())) {
        if (t instanceof Stdio.File f) {
          // read-write never blocks on a FIFO: the copiers' opens find their peer at once
          peers.add(Syscalls.open(f.path(), Syscalls.O_RDWR | Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC, 0));
        }
      }
      io.open();
      io.afterSpawn(); // the "child" ends: the output copiers see end of stream and close their FIFOs
      io.awaitOutput(5_000);
      if (stdio.stdin() instanceof Stdio.File f) {
        awaitOpenedTwice(f.path());
      }
    } catch (SyscallException e) {
      throw new IllegalStateException("rehearse stdio: " + e.getMessage(), e);
    } finally {
      io.close();
      peers.forEach(Syscalls::closeQuietly); // the stdin copier sees end of input
    }
  }

  /** Waits (bounded) until this process has {@code fifo} open twice: its peer and the copier's end. */
  private static void awaitOpenedTwice(Path fifo) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() - deadline < 0) {
      int opened = 0;
      try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
        for (Path fd : fds.toList()) {
          try {
            if (java.nio.file.Files.readSymbolicLink(fd).equals(fifo)) {
              opened++;
            }
          } catch (java.io.IOException e) {
            // closed meanwhile
          }
        }
      } catch (java.io.IOException e) {
        return;
      }
      if (opened >= 2) {
        return;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Makes a FIFO at {@code path}, as ctr and dockerd do for a task's stdio. */
  public static void fifo(Path path) throws SyscallException {
    Syscalls.mknod(path, S_IFIFO | 0600, 0, 0);
  }
}
