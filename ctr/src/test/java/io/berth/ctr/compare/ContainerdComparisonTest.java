package io.berth.ctr.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.ctr.Run;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The side-by-side suite against Debian's containerd 1.6, plus removal of containers with tasks. */
class ContainerdComparisonTest extends SideBySideConformance {

  private static PrivateDaemon containerd;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(PrivateDaemon.available(), "needs root, /usr/bin/containerd and /usr/bin/ctr");
    containerd = PrivateDaemon.containerd();
  }

  @AfterAll
  static void stop() throws Exception {
    if (containerd != null) {
      containerd.close();
    }
  }

  @Override
  protected Daemon daemon() {
    return containerd::socket;
  }

  @Test
  void removingContainersWithTasksMatchesCtr(@org.junit.jupiter.api.io.TempDir Path rootfs) throws Exception {
    Path busybox = Path.of("/bin/busybox");
    assumeTrue(Files.isExecutable(busybox), "needs busybox-static");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(busybox, rootfs.resolve("bin/busybox"));
    Files.createSymbolicLink(rootfs.resolve("bin/sleep"), Path.of("busybox"));
    SideBySide s = new SideBySide(containerd.socket());
    List<String> namespaces = List.of("tasks-ctr", "tasks-berth");
    try {
      for (String ns : namespaces) {
        Run run = CtrProcess.run(containerd.socket(), List.of("-n", ns, "run", "-d", "--rootfs", rootfs.toString(), "T", "/bin/sleep", "1000"));
        assertThat(run.exitCode()).as(run.transcript()).isZero();
      }
      s.step("-n", "{tasks}", "c", "rm", "T");
      s.step("ns", "rm", "{tasks}");
      for (String ns : namespaces) {
        CtrProcess.run(containerd.socket(), List.of("-n", ns, "tasks", "kill", "-s", "9", "T"));
        for (int i = 0; !CtrProcess.run(containerd.socket(), List.of("-n", ns, "tasks", "ls")).stdout().contains("STOPPED"); i++) {
          assertThat(i).as("task in %s stops", ns).isLessThan(300);
          Thread.sleep(100);
        }
      }
      s.step("-n", "{tasks}", "c", "rm", "T");
      s.step("-n", "{tasks}", "c", "ls");
      s.step("ns", "rm", "{tasks}");
      assertThat(s.differences()).as("%d steps", s.steps()).isEmpty();
    } finally {
      for (String ns : namespaces) {
        CtrProcess.run(containerd.socket(), List.of("-n", ns, "tasks", "kill", "-s", "9", "T"));
        CtrProcess.run(containerd.socket(), List.of("-n", ns, "tasks", "rm", "-f", "T"));
        CtrProcess.run(containerd.socket(), List.of("-n", ns, "c", "rm", "T"));
        CtrProcess.run(containerd.socket(), List.of("ns", "rm", ns));
        removeCgroupParent(ns);
      }
    }
  }

  /** The (then empty) cgroup {@code /<namespace>} runc made for the task, in every hierarchy. */
  private static void removeCgroupParent(String namespace) throws IOException {
    Path cgroups = Path.of("/sys/fs/cgroup");
    try (Stream<Path> hierarchies = Files.list(cgroups)) {
      for (Path h : Stream.concat(Stream.of(cgroups), hierarchies).toList()) {
        try {
          Files.deleteIfExists(h.resolve(namespace));
        } catch (DirectoryNotEmptyException e) {
          // a task's cgroup is still in it: the steps above have reported why
        }
      }
    }
  }

}
