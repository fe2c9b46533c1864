package io.berth.shim.cgroups;

import static io.berth.shim.cgroups.CgroupChecks.cpuUsage;
import static io.berth.shim.cgroups.CgroupChecks.eventually;
import static io.berth.shim.cgroups.CgroupChecks.memoryUsage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What every cgroup implementation must do, on the real kernel. A subclass per version supplies
 * the layout and says which controllers this host offers it; tests needing an absent controller
 * are skipped with an assumption saying so.
 */
@Tag("root")
abstract class CgroupConformance {

  static final long MIB = 1024 * 1024;

  /** The layout the implementation under test uses. */
  abstract Cgroups layout();

  /** Whether a new cgroup under the hierarchy root gets this controller. */
  abstract boolean offers(String controller);

  /** The directory where {@code controller}'s files of cgroup {@code path} live. */
  abstract Path dir(String path, String controller);

  /** The memory limit file's name: memory.limit_in_bytes or memory.max. */
  abstract String memoryLimitFile();

  protected String path;
  private final List<String> cleanup = new ArrayList<>();
  private final List<TestProcess> processes = new ArrayList<>();

  @BeforeEach
  void pickPath() {
    assumeTrue(
        "0".equals(System.getProperty("berth.uid", uid())), "cgroup tests need root");
    path = "/berth-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    cleanup.add(path);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (TestProcess p : processes) {
      p.close();
    }
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        Cgroup.load(layout(), cleanup.get(i)).destroy();
      } catch (NotFoundException e) {
        // already gone
      }
    }
    for (String p : cleanup) {
      assertGone(p);
    }
  }

  private static String uid() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
    } catch (Exception e) {
      return "unknown";
    }
  }

  TestProcess start(String script) throws Exception {
    TestProcess p = TestProcess.shell(script);
    processes.add(p);
    return p;
  }

  /** No hierarchy holds the cgroup's directory any more. */
  void assertGone(String cgroupPath) {
    Cgroups l = layout();
    List<Path> roots = new ArrayList<>();
    l.v1Hierarchies().forEach(h -> roots.add(h.mountpoint()));
    if (l.mode() == CgroupMode.UNIFIED) {
      roots.add(l.unified().orElseThrow().mountpoint());
    }
    for (Path root : roots) {
      assertThat(root.resolve(cgroupPath.substring(1))).doesNotExist();
    }
  }


  static long ticks(TestProcess p) {
    try {
      return p.cpuTicks();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void createLoadDestroyLeavesNothingBehind() {
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    assertThat(cg.path()).isEqualTo(path);
    assertThat(dir(path, "freezer")).isDirectory();

    Cgroup loaded = Cgroup.load(layout(), path + "/");
    assertThat(loaded.path()).isEqualTo(path);
    assertThat(loaded.pids()).isEmpty();

    loaded.destroy();
    assertGone(path);
    cg.destroy(); // a second time is harmless
    assertThatThrownBy(() -> Cgroup.load(layout(), path))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cgroup \"" + path + "\": not found");
  }

  @Test
  void nestedPathCreatesParentsAndDestroyLeavesTheParent() {
    String child = path + "/default/myid";
    cleanup.add(path + "/default");
    cleanup.add(child);
    Cgroup cg = Cgroup.create(layout(), child, Resources.NONE);
    assertThat(dir(child, "freezer")).isDirectory();

    cg.destroy();

    assertGone(child);
    assertThat(dir(path + "/default", "freezer")).isDirectory();
  }

  @Test
  void escapingPathsAreRefusedBeforeTouchingTheHost() {
    for (String bad : List.of("/../escape", path + "/../../x", "/a\0b", "..", "")) {
      assertThatThrownBy(() -> Cgroup.create(layout(), bad, Resources.NONE))
          .as(bad)
          .isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> Cgroup.load(layout(), bad))
          .as(bad)
          .isInstanceOf(InvalidArgumentException.class);
    }
    assertThat(dir("/escape", "freezer")).doesNotExist();
  }

  @Test
  void addedProcessIsListedAndDestroyKillsIt() throws Exception {
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    TestProcess p = start("read x; exec sleep 60");

    cg.addProcess(p.pid());

    assertThat(cg.pids()).containsExactly(p.pid());
    cg.destroy();
    assertThat(p.waitFor()).isEqualTo(137);
    assertGone(path);
  }

  @Test
  void addingAMissingProcessIsNotFound() {
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);

    assertThatThrownBy(() -> cg.addProcess(Integer.MAX_VALUE - 1))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("process " + (Integer.MAX_VALUE - 1));
    assertThatThrownBy(() -> cg.addProcess(0)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void freezeStopsAProcessAndThawResumesIt() throws Exception {
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    TestProcess p = start("read x; while :; do :; done");
    cg.addProcess(p.pid());
    p.go();
    eventually("the loop uses cpu", () -> ticks(p) > 0);

    cg.freeze();
    assertThat(cg.frozen()).isTrue();
    long before = ticks(p);
    Thread.sleep(300);
    assertThat(ticks(p)).as("cpu time while frozen").isEqualTo(before);

    cg.thaw();
    assertThat(cg.frozen()).isFalse();
    eventually("the loop runs again", () -> ticks(p) > before);
  }

  @Test
  void killAllStopsEveryProcessIncludingChildren() throws Exception {
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    TestProcess p = start("read x; sleep 60 & sleep 60 & wait");
    cg.addProcess(p.pid());
    p.go();
    eventually("three processes", () -> cg.pids().size() == 3);

    cg.killAll(9);

    assertThat(p.waitFor()).isEqualTo(137);
    eventually("no process left", () -> cg.pids().isEmpty());
    assertThat(cg.frozen()).isFalse();
  }

  @Test
  void killAllKeepsAPausedCgroupFrozenForOtherSignals() throws Exception {
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    TestProcess p = start("read x; exec sleep 60");
    cg.addProcess(p.pid());
    cg.freeze();

    cg.killAll(18); // SIGCONT: harmless to a shell waiting in read

    assertThat(cg.frozen()).isTrue();
    assertThat(p.alive()).isTrue();
    cg.killAll(9);
    assertThat(p.waitFor()).isEqualTo(137);
    assertThat(cg.frozen()).isFalse();
  }

  @Test
  void statsShowCpuForABusyProcess() throws Exception {
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    TestProcess p = start("read x; exec dd if=/dev/zero of=/dev/null bs=4M count=1000000");
    cg.addProcess(p.pid());
    p.go();

    eventually("cpu usage reported", () -> cpuUsage(cg.stats()) > 0);
    if (offers("memory")) {
      eventually("memory usage reported", () -> memoryUsage(cg.stats()) >= 4 * MIB);
    }
    switch (cg.stats().toProto()) {
      case io.berth.api.cgroups.v1.Metrics m -> {
        assertThat(m.getCpu().getUsage().getTotal()).isPositive();
        assertThat(m.getCpu().getUsage().getPerCpuCount()).isPositive();
        assertThat(m.getCpu().hasThrottling()).isTrue();
        assertThat(m.getMemory().getUsage().getUsage()).isGreaterThanOrEqualTo(4 * MIB);
        assertThat(m.getPids().getCurrent()).isEqualTo(1);
      }
      case io.berth.api.cgroups.v2.Metrics m -> {
        assertThat(m.getCpu().getUsageUsec()).isPositive();
        assertThat(m.getPids().getCurrent()).isEqualTo(offers("pids") ? 1 : 0);
      }
      default -> throw new AssertionError("unexpected message");
    }
  }



  @Test
  void memoryLimitOomKillsAndTheCallbackFires() throws Exception {
    assumeTrue(offers("memory"), "the memory controller is not available to this hierarchy here");
    Cgroup cg =
        Cgroup.create(
            layout(), path, new Resources(new Resources.MemoryLimits(16 * MIB, null, null), null, null, null));
    assertThat(Files.readString(dir(path, "memory").resolve(memoryLimitFile())).strip())
        .isEqualTo(Long.toString(16 * MIB));
    CountDownLatch oom = new CountDownLatch(1);
    try (AutoCloseable watch = cg.onOom(oom::countDown)) {
      TestProcess p = start("read x; exec dd if=/dev/zero of=/dev/null bs=64M count=1");
      cg.addProcess(p.pid());
      p.go();

      assertThat(p.waitFor()).as("dd is killed by SIGKILL").isEqualTo(137);
      assertThat(oom.await(30, TimeUnit.SECONDS)).as("OOM callback").isTrue();
    }
    switch (cg.stats()) {
      case V1Stats v1 -> assertThat(v1.oomControl().oomKill()).isGreaterThanOrEqualTo(1);
      case V2Stats v2 -> assertThat(v2.memoryEvents().oomKill()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void closedOomWatchStopsItsThread() throws Exception {
    assumeTrue(offers("memory"), "the memory controller is not available to this hierarchy here");
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    AutoCloseable watch = cg.onOom(() -> {});
    eventually("watch thread running", () -> watchThreads() == 1);

    watch.close();
    watch.close();

    eventually("watch thread ended", () -> watchThreads() == 0);
  }

  @Test
  void destroyEndsAnOomWatch() throws Exception {
    assumeTrue(offers("memory"), "the memory controller is not available to this hierarchy here");
    Cgroup cg = Cgroup.create(layout(), path, Resources.NONE);
    CountDownLatch oom = new CountDownLatch(1);
    AutoCloseable watch = cg.onOom(oom::countDown);
    eventually("watch thread running", () -> watchThreads() == 1);

    cg.destroy();

    eventually("watch thread ended", () -> watchThreads() == 0);
    assertThat(oom.getCount()).as("removal is not an OOM").isEqualTo(1);
    watch.close();
  }

  private long watchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().endsWith(" " + path) || t.getName().contains(" " + path + " "))
        .count();
  }

  @Test
  void updateChangesTheMemoryLimit() {
    assumeTrue(offers("memory"), "the memory controller is not available to this hierarchy here");
    Cgroup cg =
        Cgroup.create(
            layout(), path, new Resources(new Resources.MemoryLimits(16 * MIB, null, null), null, null, null));

    cg.update(new Resources(new Resources.MemoryLimits(32 * MIB, 8 * MIB, null), null, null, null));

    Path d = dir(path, "memory");
    assertThat(read(d, memoryLimitFile())).isEqualTo(Long.toString(32 * MIB));
    switch (cg.stats()) {
      case V1Stats v1 -> assertThat(v1.memory().usage().limit()).isEqualTo(32 * MIB);
      case V2Stats v2 -> assertThat(v2.memory().usageLimit()).isEqualTo(32 * MIB);
    }
    cg.update(new Resources(new Resources.MemoryLimits(-1L, null, null), null, null, null));
    assertThat(read(d, memoryLimitFile())).isIn("max", "9223372036854771712");
  }

  @Test
  void memoryLimitWithoutTheControllerIsAFailedPreconditionAndLeavesNothing() {
    assumeTrue(!offers("memory"), "the memory controller is available: nothing to refuse");
    Resources r = new Resources(new Resources.MemoryLimits(16 * MIB, null, null), null, null, null);

    assertThatThrownBy(() -> Cgroup.create(layout(), path, r))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessageContaining("memory controller");
    assertGone(path);
  }

  @Test
  void cpuLimitsAreWritten() {
    assumeTrue(offers("cpu"), "the cpu controller is not available to this hierarchy here");
    Cgroup cg =
        Cgroup.create(
            layout(),
            path,
            new Resources(null, new Resources.CpuLimits(512L, 20000L, 100000L, null, null), null, null));

    cg.update(new Resources(null, new Resources.CpuLimits(null, 50000L, 50000L, null, null), null, null));

    assertCpu(path, 512, 50000, 50000);
  }

  /** Reads back shares (or weight), quota and period. */
  abstract void assertCpu(String path, long shares, long quota, long period);

  @Test
  void pidsLimitStopsForks() throws Exception {
    assumeTrue(offers("pids"), "the pids controller is not available to this hierarchy here");
    Cgroup cg = Cgroup.create(layout(), path, new Resources(null, null, 2L, null));
    TestProcess p = start("read x; sleep 60 & sleep 60 & sleep 60 & wait");
    cg.addProcess(p.pid());
    p.go();

    assertThat(p.waitFor()).as("the shell fails to fork").isNotZero();
    assertThat(p.stderr()).containsIgnoringCase("fork");
    assertThat(cg.pids()).hasSizeLessThanOrEqualTo(2);
    switch (cg.stats()) {
      case V1Stats v1 -> assertThat(v1.pids().limit()).isEqualTo(2);
      case V2Stats v2 -> assertThat(v2.pids().limit()).isEqualTo(2);
    }
  }

  @Test
  void deviceRulesDenyWritingDevNullButNotReading() throws Exception {
    Resources r =
        new Resources(null, null, null, List.of(new Resources.DeviceRule(false, 'c', 1L, 3L, "w")));
    Cgroup cg = Cgroup.create(layout(), path, r);
    TestProcess p = start("read x; cat /dev/null && echo ok >/dev/null");
    cg.addProcess(p.pid());
    p.go();

    assertThat(p.waitFor()).isNotZero();
    assertThat(p.stderr()).contains("/dev/null").doesNotContain("cat:");

    // An update replaces the rules: everything allowed again.
    cg.update(new Resources(null, null, null, List.of(new Resources.DeviceRule(true, 'a', null, null, "rwm"))));
    TestProcess q = start("read x; echo ok >/dev/null");
    cg.addProcess(q.pid());
    q.go();
    assertThat(q.waitFor()).isZero();
  }

  static String read(Path dir, String file) {
    try {
      return Files.readString(dir.resolve(file)).strip();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
