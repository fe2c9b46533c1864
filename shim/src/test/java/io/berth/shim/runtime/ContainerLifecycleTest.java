package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.NotFoundException;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Spec;
import io.berth.shim.spec.User;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Containers on the real kernel: isolation, exec, signals, stdio, terminals. */
@Tag("root")
class ContainerLifecycleTest {
  private static final List<String> ENV = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  private static BusyboxRootfs fs;
  private final List<Container> containers = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    fs = BusyboxRootfs.create();
  }

  @AfterAll
  static void tearDown() throws Exception {
    fs.close();
  }

  @AfterEach
  void destroyAll() {
    containers.forEach(Container::destroy);
  }

  private Container create(String id, Stdio stdio, String... args) {
    return create(id, TestSpecs.ctrDefault(fs.rootfs, id, args), stdio);
  }

  private Container create(String id, Spec spec, Stdio stdio) {
    Container c = Container.create(id, fs.bundle, spec, stdio);
    synchronized (containers) {
      containers.add(c);
    }
    return c;
  }

  @Test
  void containerIsIsolated() throws Exception {
    Path hostOnly = Files.createTempFile("berth-host-only", ".txt");
    try {
      Container c = create("iso", Stdio.pipes(), "/bin/sh", "-c",
          "echo pid=$$; echo procs $(ls /proc | grep '^[0-9]'); hostname; ls /sys/class/net;"
              + " test -e " + hostOnly + " && echo host-visible; test -e /usr/lib/jvm && echo jvm-visible;"
              + " cat /proc/1/cmdline | tr '\\0' ' '; echo; readlink /proc/1/root");
      assertThat(c.state().status()).isEqualTo(ContainerState.Status.CREATED);
      long pid = c.start();
      assertThat(pid).isEqualTo(c.init().pid()).isPositive();
      String out = Run.stdout(c.init());
      assertThat(c.exit().get().code()).isZero();
      List<String> lines = out.lines().toList();
      assertThat(lines).as(out).hasSize(6);
      assertThat(lines.get(0)).isEqualTo("pid=1");
      // Only the container's own processes (sh, maybe a subshell, ls, grep), not the host's hundreds.
      assertThat(lines.get(1).substring(6).split(" ")).contains("1").hasSizeBetween(3, 4);
      assertThat(lines.subList(2, 4)).containsExactly("iso", "lo");
      assertThat(lines.get(4)).startsWith("/bin/sh -c echo pid=$$;");
      assertThat(lines.get(5)).isEqualTo("/");
      assertThat(lines).doesNotContain("host-visible", "jvm-visible");
      assertThat(c.state().status()).isEqualTo(ContainerState.Status.STOPPED);
    } finally {
      Files.deleteIfExists(hostOnly);
    }
  }

  @Test
  void exitCodesFollowContainerd() throws Exception {
    Container plain = create("exit3", Stdio.discard(), "/bin/sh", "-c", "exit 3");
    plain.start();
    assertThat(plain.exit().get().code()).isEqualTo(3);

    // pid 1 of a pid namespace ignores signals it has no handler for, so SIGTERM goes to an exec.
    Container killed = create("term", Stdio.discard(), "/bin/sleep", "1000");
    killed.start();
    ContainerProcess e = killed.exec("sleeper", ProcessSpec.of(List.of("/bin/sleep", "1000"), ENV, "/"),
        Stdio.discard());
    e.kill(15);
    assertThat(e.exit().get().code()).isEqualTo(128 + 15);
    assertThatThrownBy(() -> e.kill(15)).isInstanceOf(NotFoundException.class);
    killed.kill(9, false);
    assertThat(killed.exit().get().code()).isEqualTo(128 + 9);
    assertThat(killed.state().exit()).get().extracting(ExitStatus::code).isEqualTo(137);
    assertThatThrownBy(() -> killed.kill(9, false)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void worksFromVirtualThreads() throws Exception {
    // The namespace thread must never wake a virtual thread itself (it cannot create carriers).
    List<java.util.concurrent.Future<String>> results = new ArrayList<>();
    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 3; i++) {
        String id = "virt" + i;
        results.add(executor.submit(() -> {
          Container c = create(id, Stdio.discard(), "/bin/sleep", "1000");
          c.start();
          ContainerProcess e = c.exec("e", ProcessSpec.of(List.of("/bin/hostname"), ENV, "/"),
              Stdio.pipes());
          String out = Run.stdout(e);
          e.exit().get();
          c.kill(9, true);
          c.exit().get();
          c.destroy();
          return out.trim();
        }));
      }
      for (int i = 0; i < 3; i++) {
        assertThat(results.get(i).get()).isEqualTo("virt" + i);
      }
    }
  }

  @Test
  void execJoinsEveryNamespace() throws Exception {
    Container c = create("execns", Stdio.discard(), "/bin/sleep", "1000");
    c.start();
    String nsList = "for n in cgroup ipc mnt net pid uts; do echo $n $(readlink /proc/self/ns/$n); done";
    ContainerProcess e1 = c.exec("e1", ProcessSpec.of(List.of("/bin/sh", "-c",
        "hostname; ps -o pid,args | grep -v ps; cat /proc/1/comm"), ENV, "/"), Stdio.pipes());
    String out = Run.stdout(e1);
    assertThat(e1.exit().get().code()).isZero();
    assertThat(out).startsWith("execns\n").contains("1 /bin/sleep 1000").endsWith("sleep\n");

    // Same namespaces as pid 1 of the container, read through the host's /proc.
    for (String ns : List.of("ipc", "mnt", "net", "pid", "uts")) {
      assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(e1.pid() == 0 ? 0 : c.init().pid()),
          "ns", ns))).isNotNull();
    }
    ContainerProcess e2 = c.exec("e2", ProcessSpec.of(List.of("/bin/sh", "-c", nsList + "; sleep 1000"), ENV, "/"),
        Stdio.pipes());
    List<String> execNs = new ArrayList<>();
    for (String ns : List.of("cgroup", "ipc", "mnt", "net", "pid", "uts")) {
      execNs.add(ns + " " + Files.readSymbolicLink(Path.of("/proc", Long.toString(e2.pid()), "ns", ns)));
    }
    List<String> initNs = new ArrayList<>();
    for (String ns : List.of("cgroup", "ipc", "mnt", "net", "pid", "uts")) {
      initNs.add(ns + " " + Files.readSymbolicLink(Path.of("/proc", Long.toString(c.init().pid()), "ns", ns)));
    }
    assertThat(execNs).isEqualTo(initNs);
    assertThat(c.processes()).contains(c.init().pid(), e2.pid());
    assertThat(c.process("e2")).isSameAs(e2);
    assertThatThrownBy(() -> c.exec("e2", ProcessSpec.of(List.of("/bin/true"), ENV, "/"), Stdio.discard()))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> c.process("nope")).isInstanceOf(NotFoundException.class);
    e2.kill(9);
    assertThat(e2.exit().get().code()).isEqualTo(137);
  }

  @Test
  void execRunsAsTheGivenUserInTheGivenDirectory() throws Exception {
    Container c = create("execuser", Stdio.discard(), "/bin/sleep", "1000");
    c.start();
    ProcessSpec p = ProcessSpec.of(List.of("/bin/sh", "-c", "id -u; id -g; pwd; echo $FOO"),
        List.of("PATH=/bin", "FOO=bar"), "/tmp").withUser(new User(65534, 65534, null, null, null));
    ContainerProcess e = c.exec("u", p, Stdio.pipes());
    assertThat(Run.stdout(e)).isEqualTo("65534\n65534\n/tmp\nbar\n");
    assertThat(e.exit().get().code()).isZero();
  }

  @Test
  void killAllStopsEveryProcess() throws Exception {
    Container c = create("killall", Stdio.discard(), "/bin/sh", "-c",
        "sleep 1000 & sleep 1000 & trap '' TERM; wait");
    c.start();
    ContainerProcess e = c.exec("bg", ProcessSpec.of(List.of("/bin/sleep", "1000"), ENV, "/"), Stdio.discard());
    while (c.processes().size() < 4) {
      Thread.sleep(20);
    }
    c.kill(9, true);
    assertThat(c.exit().get().code()).isEqualTo(137);
    assertThat(e.exit().get().code()).isEqualTo(137);
    assertThat(c.processes()).isEmpty();
    assertThatThrownBy(() -> c.exec("late", ProcessSpec.of(List.of("/bin/true"), ENV, "/"), Stdio.discard()))
        .isInstanceOf(FailedPreconditionException.class);
  }

  @Test
  void stdinPipeAndFilesAndFifos() throws Exception {
    Container c = create("cat", Stdio.pipes(), "/bin/cat");
    c.start();
    try (OutputStream in = c.init().stdin().orElseThrow()) {
      in.write("hello\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Run.stdout(c.init())).isEqualTo("hello\n");
    assertThat(c.exit().get().code()).isZero();

    Path dir = Files.createTempDirectory("berth-stdio");
    try {
      Path out = dir.resolve("out.log");
      Path fifo = dir.resolve("err.fifo");
      new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
      Container f = create("files", new Stdio(new Stdio.Discard(), new Stdio.File(out), new Stdio.File(fifo),
          false), "/bin/sh", "-c", "echo to-out; echo to-err >&2");
      f.start();
      String err;
      try (InputStream errIn = Files.newInputStream(fifo)) {
        err = Run.read(errIn);
      }
      assertThat(f.exit().get().code()).isZero();
      assertThat(err).isEqualTo("to-err\n");
      assertThat(Files.readString(out)).isEqualTo("to-out\n");
    } finally {
      try (var walk = Files.list(dir)) {
        for (Path p : walk.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  @Test
  void terminalIsAPtyInTheContainer() throws Exception {
    Spec spec = TestSpecs.ctrDefault(fs.rootfs, "tty", "/bin/sh", "-c", "tty; read x; stty size; read y; stty size");
    spec = spec.withProcess(spec.process().withTerminal(true));
    Container c = create("tty", spec, new Stdio(new Stdio.Pipe(), new Stdio.Pipe(), new Stdio.Discard(), true));
    c.start();
    // The shell waits for a line before each stty, so each size is read only after its resize.
    c.init().resize(100, 30);
    c.init().stdin().orElseThrow().write("go\n".getBytes(StandardCharsets.UTF_8));
    InputStream out = c.init().stdout().orElseThrow();
    StringBuilder seen = new StringBuilder();
    byte[] buf = new byte[256];
    while (!seen.toString().contains("30 100")) {
      int n = out.read(buf);
      if (n < 0) {
        break;
      }
      seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    c.init().resize(120, 40);
    c.init().stdin().orElseThrow().write("go\n".getBytes(StandardCharsets.UTF_8));
    seen.append(Run.read(out));
    assertThat(c.exit().get().code()).isZero();
    assertThat(seen.toString().replace("\r", "")).contains("/dev/pts/0\n").contains("30 100\n").contains("40 120");
    assertThatThrownBy(() -> create("notty", Stdio.discard(), "/bin/true").init().resize(1, 1))
        .isInstanceOf(FailedPreconditionException.class);
  }
}
