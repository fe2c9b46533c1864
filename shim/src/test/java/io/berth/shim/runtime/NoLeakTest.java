package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Resources;
import io.berth.shim.spec.Spec;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cycles of create, start, exit and destroy of a container with its own cgroup (memory and pids
 * limits, an OOM watch, the seccomp profile of `ctr run --seccomp`), every tenth with an exec with
 * piped stdio and a kill, leave no mounts, cgroups, processes, zombies, descriptors, threads or
 * stage directories. The 200 cycles by default (a cycle costs about 0.54 s of CPU, two
 * stage JVMs in one cycle in ten: under two minutes of the build); {@code -Dberth.soak.cycles=N}
 * runs more or fewer.
 */
@Tag("root")
class NoLeakTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void cyclesLeaveNothingBehind() throws Exception {
    int cycles = Integer.getInteger("berth.soak.cycles", 200);
    String parent = "/berth-leak-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    try (BusyboxRootfs fs = BusyboxRootfs.create()) {
      Spec spec = TestSpecs.ctrSeccomp(fs.rootfs, "leak", "/bin/sleep", "1000");
      Resources base = spec.linux().resources();
      spec = spec.withLinux(spec.linux().withResources(new Resources(base.devices(),
          new Resources.Memory(64 * MIB, null, null, null, null, null, null, null), base.cpu(),
          new Resources.Pids(32), null, null, null, null)));
      cycle(fs, spec, parent, 0); // warm-up: the JDK opens some files lazily
      LeakSnapshot before = LeakSnapshot.take(parent);
      long started = System.nanoTime();
      long cpuStarted = cpuTicks();
      for (int i = 1; i <= cycles; i++) {
        cycle(fs, spec, parent, i);
      }
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      long cpuMillis = (cpuTicks() - cpuStarted) * 10;
      // CPU time (this JVM and its reaped stages) is what a cycle costs on a quiet machine.
      System.out.printf("NoLeakTest: %d cycles in %d ms wall, %d ms cpu (%d ms wall, %d ms cpu each)%n", cycles,
          millis, cpuMillis, millis / Math.max(1, cycles), cpuMillis / Math.max(1, cycles));
      assertThat(LeakSnapshot.take(parent)).isEqualTo(before);
      assertThat(before.cgroups()).isEmpty();
    } finally {
      LeakSnapshot.removeCgroupParents(parent);
    }
  }

  /** utime + stime + cutime + cstime of this JVM, in clock ticks (100 per second on Linux). */
  private static long cpuTicks() throws java.io.IOException {
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
  }

  /**
   * One cycle: the container's shell starts a background sleep and exits 3 (its pid namespace
   * takes the sleep down with it). Every tenth cycle also runs an exec with piped stdio and ends
   * with a kill instead.
   */
  private static void cycle(BusyboxRootfs fs, Spec spec, String parent, int i) throws Exception {
    String id = "leak" + i;
    boolean withExec = i % 10 == 0;
    Spec s = spec.withLinux(spec.linux().withCgroupsPath(parent + "/" + id));
    if (!withExec) {
      s = s.withProcess(s.process().withArgs(List.of("/bin/sh", "-c", "sleep 1000 >/dev/null 2>&1 & exit 3")));
    }
    Container c = Container.create(id, fs.bundle, s, Stdio.discard());
    try {
      c.onOom(() -> { });
      c.start();
      if (withExec) {
        ContainerProcess e = c.exec("e", ProcessSpec.of(List.of("/bin/sh", "-c",
            "sleep 1000 >/dev/null 2>&1 & echo out; exit 7"), List.of("PATH=/bin"), "/"), Stdio.pipes());
        assertThat(Run.stdout(e)).isEqualTo("out\n");
        assertThat(e.exit().get(60, TimeUnit.SECONDS).code()).isEqualTo(7);
        e.stderr().orElseThrow().close();
        assertThat(c.processes()).hasSize(2); // init and the exec's orphaned sleep
        c.kill(9, false);
      }
      assertThat(c.exit().get(60, TimeUnit.SECONDS).code()).isEqualTo(withExec ? 137 : 3);
    } finally {
      c.destroy();
    }
  }
}
