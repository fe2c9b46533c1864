package io.berth.integration.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Debian's dockerd 20.10 running containers on berthd instead of containerd, driven by the real
 * docker client: run, exit codes, stdin, detached containers with exec and logs, stop (SIGTERM,
 * then SIGKILL), kill, pause and unpause, stats, a memory limit with an OOM kill, and a dockerd
 * restart without live-restore.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerdTest {
  private static final String IMAGE = DockerStack.IMAGE;

  private static DockerStack stack;
  private static Docker docker;

  @BeforeAll
  static void start() {
    assumeTrue(Dockerd.installed(), "docker.io (dockerd 20.10) is not installed");
    stack = DockerStack.onBerthd();
    docker = stack.docker();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      Dockerd d = stack.dockerd();
      stack.close();
      assertThat(d.leftoverCgroups()).as("cgroups left under dockerd's parent").isEmpty();
      assertThat(Files.exists(d.dir())).as("dockerd's directory is removed").isFalse();
    }
  }

  @Test
  @Order(1)
  void runRmPrintsOutputAndPassesExitCodes() {
    Docker.Result hi = docker.run("run", "--rm", IMAGE, "echo", "hi");
    assertThat(hi.exitCode()).as(hi.transcript()).isZero();
    assertThat(hi.stdout()).isEqualTo("hi\n");

    Docker.Result three = docker.run("run", "--rm", IMAGE, "sh", "-c", "echo out; echo err >&2; exit 3");
    assertThat(three.exitCode()).as(three.transcript()).isEqualTo(3);
    assertThat(three.stdout()).isEqualTo("out\n");
    assertThat(three.stderr()).isEqualTo("err\n");

    Docker.Result killed = docker.run("run", "--rm", IMAGE, "sh", "-c", "kill -9 $$; exit 255");
    // pid 1 of a pid namespace does not take SIGKILL from inside: sh goes on, as with runc
    assertThat(killed.exitCode()).as(killed.transcript()).isEqualTo(255);

    Docker.Result missing = docker.run("run", "--rm", IMAGE, "no-such-binary");
    assertThat(missing.exitCode()).as(missing.transcript()).isEqualTo(127);
    assertThat(missing.stderr()).contains("executable file not found");

    Docker.Result env = docker.run("run", "--rm", "-e", "FOO=bar", "-w", "/tmp", "-h", "box", "-u", "1000:1000",
        IMAGE, "sh", "-c", "echo $FOO; pwd; hostname; id");
    assertThat(env.stdout()).as(env.transcript()).isEqualTo("bar\n/tmp\nbox\nuid=1000 gid=1000 groups=1000\n");
  }

  @Test
  @Order(2)
  void stdinReachesTheContainer() throws Exception {
    Path input = Files.createTempFile(stack.dockerd().dir(), "stdin", ".txt");
    Files.writeString(input, "line one\nline two\n");
    Docker.Result r = docker.runWithInput(input.toFile(), "run", "--rm", "-i", IMAGE, "sh", "-c",
        "while read l; do echo got:$l; done; echo eof");
    assertThat(r.stdout()).as(r.transcript()).isEqualTo("got:line one\ngot:line two\neof\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  @Order(3)
  void detachedContainerExecLogsAndStop() {
    docker.run("run", "-d", "--name", "d1", IMAGE, "sh", "-c",
        "echo started; echo to-stderr >&2; trap 'echo got-term; exit 7' TERM; while true; do sleep 0.1; done").ok();
    awaitLogs("d1", "started");
    assertThat(docker.run("ps", "--format", "{{.Names}} {{.Status}}").ok().stdout()).contains("d1 Up");
    assertThat(docker.inspect("{{.State.Status}}", "d1")).isEqualTo("running");

    Docker.Result exec = docker.run("exec", "d1", "sh", "-c", "echo in-exec; cat /proc/1/cmdline | tr '\\0' ' '; exit 5");
    assertThat(exec.exitCode()).as(exec.transcript()).isEqualTo(5);
    assertThat(exec.stdout()).isEqualTo("in-exec\nsh -c echo started; echo to-stderr >&2; trap 'echo got-term; exit 7'"
        + " TERM; while true; do sleep 0.1; done ");
    Docker.Result top = docker.run("top", "d1").ok();
    assertThat(top.stdout()).contains("sh -c echo started");

    Docker.Result logs = docker.run("logs", "d1").ok();
    assertThat(logs.stdout()).isEqualTo("started\n");
    assertThat(logs.stderr()).isEqualTo("to-stderr\n");

    docker.run("stop", "-t", "60", "d1").ok();
    assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", "d1")).isEqualTo("exited 7");
    assertThat(docker.run("logs", "d1").ok().stdout()).isEqualTo("started\ngot-term\n");
    docker.run("rm", "d1").ok();
  }

  @Test
  @Order(4)
  void stopEscalatesToSigkillAndKillSignals() {
    // pid 1 with no handler ignores SIGTERM: stop must fall back to SIGKILL after the timeout
    docker.run("run", "-d", "--name", "s1", IMAGE, "sleep", "1000").ok();
    docker.run("stop", "-t", "1", "s1").ok();
    assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", "s1")).isEqualTo("exited 137");

    docker.run("run", "-d", "--name", "k1", IMAGE, "sh", "-c", "trap 'exit 9' USR1; while true; do sleep 0.1; done").ok();
    awaitRunning("k1");
    sleep(500);
    docker.run("kill", "-s", "USR1", "k1").ok();
    docker.run("wait", "k1").ok();
    assertThat(docker.inspect("{{.State.ExitCode}}", "k1")).isEqualTo("9");

    docker.run("run", "-d", "--name", "k2", IMAGE, "sleep", "1000").ok();
    docker.run("kill", "k2").ok();
    assertThat(docker.run("wait", "k2").ok().stdout().trim()).isEqualTo("137");

    docker.run("run", "-d", "--name", "f1", IMAGE, "sleep", "1000").ok();
    docker.run("rm", "-f", "s1", "k1", "k2", "f1").ok();
    assertThat(docker.run("ps", "-a", "--format", "{{.Names}}").ok().stdout()).doesNotContain("f1", "k2", "s1");
  }

  @Test
  @Order(5)
  void pauseAndUnpause() {
    docker.run("run", "-d", "--name", "p1", IMAGE, "sleep", "1000").ok();
    docker.run("pause", "p1").ok();
    assertThat(docker.inspect("{{.State.Status}} {{.State.Paused}}", "p1")).isEqualTo("paused true");
    Docker.Result refused = docker.run("exec", "p1", "true");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("is paused");
    docker.run("unpause", "p1").ok();
    assertThat(docker.inspect("{{.State.Status}} {{.State.Paused}}", "p1")).isEqualTo("running false");
    assertThat(docker.run("exec", "p1", "echo", "after-unpause").ok().stdout()).isEqualTo("after-unpause\n");
    docker.run("rm", "-f", "p1").ok();
  }

  @Test
  @Order(6)
  void statsReadTheCgroupMetrics() {
    docker.run("run", "-d", "--name", "m1", "--memory", "32m", IMAGE, "sleep", "1000").ok();
    Docker.Result stats = docker.run("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", "m1").ok();
    assertThat(stats.stdout().trim()).matches("m1 [0-9.]+[KMG]?i?B / 32MiB 1");
    docker.run("update", "--memory", "64m", "--memory-swap", "64m", "m1").ok();
    Docker.Result after = docker.run("stats", "--no-stream", "--format", "{{.MemUsage}}", "m1").ok();
    assertThat(after.stdout().trim()).endsWith("/ 64MiB");
    // the container sees its own cgroup (and so its limit) at /sys/fs/cgroup/memory, as with runc
    if (Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) { // cgroups v1
      assertThat(docker.run("exec", "m1", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes").ok().stdout())
          .isEqualTo("67108864\n");
    }
    docker.run("rm", "-f", "m1").ok();
  }

  @Test
  @Order(7)
  void memoryLimitOomKillsAndIsReported() {
    Docker.Result oom = docker.run("run", "--name", "o1", "--memory", "16m", "--memory-swap", "16m", IMAGE,
        "sh", "-c", "x=a; while true; do x=$x$x; done");
    assertThat(oom.exitCode()).as(oom.transcript()).isEqualTo(137);
    assertThat(docker.inspect("{{.State.ExitCode}} {{.State.OOMKilled}}", "o1")).isEqualTo("137 true");
    docker.run("rm", "o1").ok();
  }

  @Test
  @Order(8)
  void dockerdRestartWithoutLiveRestoreStopsAndForgetsNothing() {
    docker.run("run", "-d", "--name", "r1", IMAGE, "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done").ok();
    docker.run("run", "-d", "--name", "r2", "--restart", "always", IMAGE, "sleep", "1000").ok();
    awaitRunning("r1");
    assertThat(stack.dockerd().stop()).isZero();
    // without live-restore dockerd stops its containers on the way out: berthd has no task left
    assertThat(stack.daemon().ctr().run("-n", "moby", "tasks", "ls", "-q").stdout()).isEmpty();

    stack.dockerd().start();
    assertThat(docker.inspect("{{.State.Status}} {{.State.ExitCode}}", "r1")).isEqualTo("exited 0");
    awaitRunning("r2"); // the restart policy brings it back
    assertThat(docker.run("exec", "r2", "echo", "restarted").ok().stdout()).isEqualTo("restarted\n");
    assertThat(docker.run("run", "--rm", IMAGE, "echo", "again").ok().stdout()).isEqualTo("again\n");
    docker.run("rm", "-f", "r1", "r2").ok();
    assertThat(stack.daemon().ctr().run("-n", "moby", "containers", "ls", "-q").stdout()).isEmpty();
  }

  private static void awaitLogs(String name, String text) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      if (docker.run("logs", name).stdout().contains(text)) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError(name + " never logged " + text);
  }

  private static void awaitRunning(String name) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      if (docker.inspect("{{.State.Status}}", name).equals("running")) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError(name + " never ran");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
