package io.berth.integration.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.integration.harness.Masks;
import io.berth.integration.harness.ReferenceContainerd;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same docker session against dockerd on berthd and dockerd on Debian's containerd 1.6 + runc:
 * the transcripts (exit codes, stdout, stderr) must match once ids, times and the runtime's own
 * wording of a failed exec are masked.
 */
class DockerdComparisonTest {
  private static final String I = DockerStack.IMAGE;

  private static DockerStack berthd;
  private static DockerStack containerd;

  @BeforeAll
  static void start() {
    assumeTrue(Dockerd.installed(), "docker.io (dockerd 20.10) is not installed");
    assumeTrue(ReferenceContainerd.installed(), "containerd 1.6 is not installed");
    CompletableFuture<DockerStack> reference = inThread(DockerStack::onContainerd);
    try {
      berthd = DockerStack.onBerthd();
    } finally {
      containerd = reference.join();
    }
  }

  /** Runs {@code work} on a thread of its own: the common pool may have a single thread. */
  private static <T> CompletableFuture<T> inThread(java.util.function.Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try {
        result.complete(work.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result;
  }

  @AfterAll
  static void stop() {
    try {
      if (berthd != null) {
        berthd.close();
      }
    } finally {
      if (containerd != null) {
        containerd.close();
      }
    }
  }

  /** One session: containers run, exec'd, paused, stopped and OOM-killed, with outputs recorded. */
  private static String session(Docker d) {
    List<Docker.Result> out = new ArrayList<>();
    out.add(d.run("run", "--rm", I, "echo", "hi"));
    out.add(d.run("run", "--rm", I, "sh", "-c", "echo out; echo err >&2; exit 3"));
    out.add(d.run("run", "--rm", "-e", "FOO=bar", "-w", "/tmp", "-h", "box", I, "sh", "-c", "echo $FOO; pwd; hostname; id"));
    out.add(d.run("run", "--rm", "-u", "1000:1000", I, "id"));
    out.add(d.run("run", "--rm", "--read-only", I, "touch", "/x"));
    out.add(d.run("run", "--rm", "--tmpfs", "/scratch", I, "sh", "-c", "touch /scratch/a && grep -c scratch /proc/mounts"));
    out.add(d.run("run", "--rm", I, "sh", "-c", "grep Cap /proc/self/status"));
    out.add(d.run("run", "--rm", I, "sh", "-c", "ls /dev | sort | tr '\\n' ' '"));
    out.add(d.run("run", "--rm", "--ulimit", "nofile=100:200", I, "sh", "-c", "ulimit -n; ulimit -Hn"));
    out.add(d.run("run", "--rm", I, "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '; echo; readlink /proc/1/cwd"));
    out.add(d.run("run", "--rm", I, "sh", "-c", "seq 1 20000 | md5sum"));
    // the container's own cgroup under /sys/fs/cgroup (cgroups v1, no cgroup namespace)
    out.add(d.run("run", "--rm", "--memory", "20m", "--cpus", "0.5", "--pids-limit", "200", I, "sh", "-c",
        "cd /sys/fs/cgroup; cat memory/memory.limit_in_bytes cpu/cpu.cfs_quota_us pids/pids.max"));
    // a new network namespace has its loopback up
    out.add(d.run("run", "--rm", "--network", "none", I, "cat", "/sys/class/net/lo/operstate", "/sys/class/net/lo/flags"));
    out.add(d.run("run", "--rm", I, "sh", "-c", "kill -9 $$"));
    out.add(d.run("run", "--rm", I, "no-such-binary"));
    out.add(d.run("run", "--rm", I, "/etc/passwd"));
    out.add(d.run("run", "-d", "--name", "c1", I, "sleep", "1000"));
    out.add(d.run("exec", "c1", "sh", "-c", "echo in-exec; exit 5"));
    out.add(d.run("exec", "-u", "1000", "-w", "/tmp", "-e", "X=1", "c1", "sh", "-c", "id; pwd; echo $X"));
    out.add(d.run("exec", "c1", "no-such-binary"));
    out.add(d.run("top", "c1", "-o", "args"));
    out.add(d.run("pause", "c1"));
    out.add(d.run("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "c1"));
    out.add(d.run("exec", "c1", "true"));
    out.add(d.run("unpause", "c1"));
    out.add(d.run("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "c1"));
    out.add(d.run("stop", "-t", "1", "c1"));
    out.add(d.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}", "c1"));
    out.add(d.run("rm", "c1"));
    out.add(d.run("run", "--name", "o1", "--memory", "16m", "--memory-swap", "16m", I, "sh", "-c",
        "x=a; while true; do x=$x$x; done"));
    out.add(d.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}", "o1"));
    out.add(d.run("rm", "o1"));
    out.add(d.run("ps", "-a", "--format", "{{.Names}}"));
    StringBuilder text = new StringBuilder();
    out.forEach(r -> text.append(r.transcript()).append('\n'));
    return text.toString();
  }

  /** The inspect transcript of the OOM-killed container, up to its OOMKilled value. */
  private static final String OOM_INSPECT =
      "{{.State.OOMKilled}} o1\n[exit 0]\n--- stdout\nexited 137 ";

  /**
   * Container ids, timestamps, the two runtimes' own prefixes of a failed create or exec, the
   * client's racy error line, and the OOM-killed container's OOMKilled value: dockerd 20.10 sets
   * it only when containerd's /tasks/oom reaches it before the /tasks/exit, and containerd's runc
   * shim sends the two from different goroutines, so now and then the reference says false (seen
   * in CI). berthd always sends the OOM first; the test checks its "true" before masking.
   */
  static String mask(String s) {
    return Masks.apply(s)
        .replace(OOM_INSPECT + "true\n", OOM_INSPECT + "<OOMKILLED>\n")
        .replace(OOM_INSPECT + "false\n", OOM_INSPECT + "<OOMKILLED>\n")
        // the docker client's own race after a failed start of run --rm: printed or not, either side
        .replaceAll("(?m)^time=\"<TIME>\" level=error msg=\"error waiting for container: context canceled\"\n", "")
        .replaceAll("\\b[0-9a-f]{64}\\b", "<ID>")
        .replaceAll("\\b[0-9a-f]{12}\\b", "<ID>")
        .replaceAll("failed to create shim task: .*?exec: ", "failed to create shim task: <RUNTIME>: exec: ")
        .replaceAll("(?m)^(OCI runtime exec failed: .*?|exec \"<ID>\" in container \"<ID>\": )exec: ",
            "<RUNTIME>: exec: ");
  }

  @Test
  void dockerSessionMatchesContainerdAndRunc() {
    CompletableFuture<String> reference = inThread(() -> session(containerd.docker()));
    String raw = session(berthd.docker());
    assertThat(raw).contains(OOM_INSPECT + "true\n");
    String ours = mask(raw);
    String theirs = mask(reference.join());
    assertThat(ours).isEqualTo(theirs);
  }
}
