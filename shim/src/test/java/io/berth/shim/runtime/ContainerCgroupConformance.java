package io.berth.shim.runtime;

import static io.berth.shim.cgroups.CgroupChecks.cpuUsage;
import static io.berth.shim.cgroups.CgroupChecks.eventually;
import static io.berth.shim.cgroups.CgroupChecks.memoryUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.shim.cgroups.Cgroups;
import io.berth.shim.cgroups.V1Stats;
import io.berth.shim.cgroups.V2Stats;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Resources;
import io.berth.shim.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a container with a cgroup must do through the {@link Container} API, on the real kernel:
 * OOM kill and notification, pause and resume, live update, stats, kill-all. A subclass per cgroup
 * version supplies the layout; a test needing a controller the host does not give that layout is
 * skipped with an assumption saying so.
 */
@Tag("root")
abstract class ContainerCgroupConformance {
  static final long MIB = 1024 * 1024;
  private static final List<String> ENV = List.of("PATH=/bin");
  private static BusyboxRootfs fs;

  /** The layout containers are created with. */
  abstract Cgroups layout();

  /** Whether a new cgroup of this layout gets {@code controller}. */
  abstract boolean offers(String controller);

  /** The directory of cgroup {@code path} holding {@code controller}'s files. */
  abstract Path dir(String path, String controller);

  abstract String memoryLimitFile();

  /** Whether the kernel's own freezer file of cgroup {@code path} says it is frozen. */
  abstract boolean frozenOnDisk(String path) throws IOException;

  /** Every directory that cgroup {@code path} could have in this layout. */
  abstract List<Path> allDirs(String path);

  private final String parent = "/berth-ctest-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final List<Container> containers = new ArrayList<>();

  @BeforeAll
  static void makeRootfs() throws Exception {
    fs = BusyboxRootfs.create();
  }

  @AfterAll
  static void removeRootfs() throws Exception {
    fs.close();
  }

  @AfterEach
  void destroyAll() throws IOException {
    containers.forEach(Container::destroy);
    for (Container c : containers) {
      assertThat(allDirs(parent + "/" + c.id())).as("cgroup of " + c.id()).allMatch(d -> !Files.exists(d));
    }
    for (Path d : allDirs(parent)) {
      Files.deleteIfExists(d);
    }
  }

  String cgroupPath(String id) {
    return parent + "/" + id;
  }

  /** A ctr-default container in its own cgroup, limited to {@code memory} bytes unless null. */
  Container create(String id, Long memory, String... args) {
    Spec s = TestSpecs.ctrDefault(fs.rootfs, id, args);
    Resources base = s.linux().resources();
    Resources r = new Resources(base.devices(), memory == null ? null : memoryLimit(memory),
        offers("cpu") ? base.cpu() : null, null, null, null, null, null);
    s = s.withLinux(s.linux().withCgroupsPath(cgroupPath(id)).withResources(r));
    Container c = Container.create(id, fs.bundle, s, Stdio.discard(), CreateOptions.DEFAULT.withCgroups(layout()));
    containers.add(c);
    return c;
  }

  static Resources.Memory memoryLimit(long bytes) {
    return new Resources.Memory(bytes, null, null, null, null, null, null, null);
  }

  static Resources memoryOnly(long bytes) {
    return new Resources(null, memoryLimit(bytes), null, null, null, null, null, null);
  }

  /** A process that fills a {@code mib} MiB buffer of anonymous memory and exits 0 if it could. */
  static ProcessSpec allocate(int mib) {
    return ProcessSpec.of(List.of("/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=" + mib + "M", "count=1"), ENV, "/");
  }


  private static int exitCode(ContainerProcess p) throws Exception {
    return p.exit().get(60, TimeUnit.SECONDS).code();
  }

  @Test
  void memoryLimitOomKillsWith137AndNotifies() throws Exception {
    assumeTrue(offers("memory"), "the memory controller is not available to this layout here");
    Container c = create("oom", 16 * MIB, "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
    assertThat(Files.readString(dir(cgroupPath("oom"), "memory").resolve(memoryLimitFile())).strip())
        .isEqualTo(Long.toString(16 * MIB));
    CountDownLatch oom = new CountDownLatch(1);
    assertThat(c.oomKills()).isZero();
    try (AutoCloseable watch = c.onOom(oom::countDown)) {
      c.start();
      assertThat(exitCode(c.init())).as("the 64 MiB dd is OOM-killed").isEqualTo(137);
      assertThat(c.oomKills()).as("the kernel's count, read without the watch").isEqualTo(1);
      assertThat(oom.await(30, TimeUnit.SECONDS)).as("OOM notification").isTrue();
    }
    assertThat(c.state().exit()).get().extracting(ExitStatus::code).isEqualTo(137);
    switch (c.stats()) {
      case V1Stats v1 -> assertThat(v1.oomControl().oomKill()).isGreaterThanOrEqualTo(1);
      case V2Stats v2 -> assertThat(v2.memoryEvents().oomKill()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void pauseStopsACounterAndResumeContinuesIt() throws Exception {
    String name = "count-" + parent.substring(parent.lastIndexOf('-') + 1);
    Path counter = fs.rootfs.resolve("tmp").resolve(name);
    Container c = create("pause", null, "/bin/sh", "-c",
        "i=0; while :; do i=$((i+1)); echo $i > /tmp/" + name + ".new; mv /tmp/" + name + ".new /tmp/" + name + "; done");
    try {
      c.start();
      eventually("the counter starts", () -> count(counter) > 0);
      long started = count(counter);
      eventually("the counter advances", () -> count(counter) > started);

      // Whoever sees PAUSED must find the cgroup frozen already.
      List<Boolean> frozenWhenPaused = new ArrayList<>();
      Thread watcher = Thread.ofPlatform().start(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          if (c.state().status() == ContainerState.Status.PAUSED) {
            try {
              synchronized (frozenWhenPaused) {
                frozenWhenPaused.add(frozenOnDisk(cgroupPath("pause")));
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      c.pause();
      assertThat(c.state().status()).isEqualTo(ContainerState.Status.PAUSED);
      assertThat(frozenOnDisk(cgroupPath("pause"))).isTrue();
      long paused = count(counter);
      Thread.sleep(500);
      assertThat(count(counter)).as("counter while paused").isEqualTo(paused);
      eventually("the watcher saw PAUSED", () -> {
        synchronized (frozenWhenPaused) {
          return !frozenWhenPaused.isEmpty();
        }
      });
      c.resume();
      watcher.interrupt();
      watcher.join(10_000);
      synchronized (frozenWhenPaused) {
        assertThat(frozenWhenPaused).containsOnly(true);
      }
      assertThat(c.state().status()).isEqualTo(ContainerState.Status.RUNNING);
      assertThat(frozenOnDisk(cgroupPath("pause"))).isFalse();
      eventually("the counter advances after resume", () -> count(counter) > paused);
    } finally {
      Files.deleteIfExists(counter);
      Files.deleteIfExists(counter.resolveSibling(name + ".new"));
    }
  }

  /** The counter's value, or -1 while the file is missing. */
  private static long count(Path counter) {
    try {
      return Long.parseLong(Files.readString(counter).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Test
  void updateOfTheMemoryLimitTakesEffect() throws Exception {
    assumeTrue(offers("memory"), "the memory controller is not available to this layout here");
    Container c = create("upd", 64 * MIB, "/bin/sleep", "1000");
    c.start();
    Path limit = dir(cgroupPath("upd"), "memory").resolve(memoryLimitFile());
    assertThat(exitCode(c.exec("fits", allocate(24), Stdio.discard()))).as("24 MiB under 64 MiB").isZero();

    c.update(memoryOnly(16 * MIB));
    assertThat(Files.readString(limit).strip()).isEqualTo(Long.toString(16 * MIB));
    CountDownLatch oom = new CountDownLatch(1);
    try (AutoCloseable watch = c.onOom(oom::countDown)) {
      assertThat(exitCode(c.exec("toobig", allocate(24), Stdio.discard()))).as("24 MiB over 16 MiB").isEqualTo(137);
      assertThat(oom.await(30, TimeUnit.SECONDS)).as("OOM notification").isTrue();
    }
    assertThat(c.exit()).as("the small init process survives").isNotDone();

    c.update(memoryOnly(64 * MIB));
    assertThat(Files.readString(limit).strip()).isEqualTo(Long.toString(64 * MIB));
    assertThat(exitCode(c.exec("fitsagain", allocate(24), Stdio.discard()))).isZero();
  }

  @Test
  void statsReportCpuAndMemory() throws Exception {
    Container c = create("stats", null, "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=4M");
    c.start();
    eventually("cpu usage reported", () -> cpuUsage(c.stats()) > 0);
    if (offers("memory")) {
      eventually("memory usage reported", () -> memoryUsage(c.stats()) >= 4 * MIB);
    }
    switch (c.stats().toProto()) {
      case io.berth.api.cgroups.v1.Metrics m -> {
        assertThat(m.getCpu().getUsage().getTotal()).isPositive();
        assertThat(m.getMemory().getUsage().getUsage()).isGreaterThanOrEqualTo(4 * MIB);
        assertThat(m.getPids().getCurrent()).isEqualTo(1);
      }
      case io.berth.api.cgroups.v2.Metrics m -> {
        assertThat(m.getCpu().getUsageUsec()).isPositive();
        if (offers("memory")) {
          assertThat(m.getMemory().getUsage()).isGreaterThanOrEqualTo(4 * MIB);
        }
      }
      default -> throw new AssertionError("unexpected message");
    }
  }



  @Test
  void killAllStopsEveryProcessInTheCgroup() throws Exception {
    Container c = create("killall", null, "/bin/sh", "-c", "sleep 1000 & sleep 1000 & trap '' TERM; wait");
    c.start();
    ContainerProcess e = c.exec("bg", ProcessSpec.of(List.of("/bin/sleep", "1000"), ENV, "/"), Stdio.discard());
    eventually("four processes", () -> c.processes().size() == 4);

    c.kill(9, true);

    assertThat(exitCode(c.init())).isEqualTo(137);
    assertThat(exitCode(e)).isEqualTo(137);
    eventually("no process left", () -> c.processes().isEmpty());
  }
}
