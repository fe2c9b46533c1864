package io.berth.bench.workloads;

import io.berth.bench.run.WorkloadFailure;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Container starts with runc, as containerd's shim drives it, on a private state root under
 * /run: {@code runc create --bundle B --pid-file P ID} (the container's first process, runc
 * init, is set up and waits), {@code runc start ID} (it has been let go to exec), wait for the
 * exit (through a pidfd: the process is not this JVM's child), {@code runc delete ID}. Each runc
 * command's output goes to a log file in the state root, quoted when it fails.
 */
final class RuncStarts implements AutoCloseable {

  private static final Duration EXIT_LIMIT = Duration.ofSeconds(30);
  private static final long COMMAND_LIMIT_SECONDS = 60;

  private final String runc;
  private final Path state;
  private final Path log;

  private RuncStarts(String runc, Path state) {
    this.runc = runc;
    this.state = state;
    this.log = state.resolve("runc.log");
  }

  static RuncStarts open() {
    String runc = Stream.of("/usr/bin/runc", "/usr/sbin/runc")
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
        .orElseThrow(() -> new WorkloadFailure("runc is not installed; run bin/setup"));
    try {
      return new RuncStarts(runc, Files.createTempDirectory(Path.of("/run"), "berth-bench-runc-"));
    } catch (IOException e) {
      throw new WorkloadFailure("cannot make a runc state root under /run: " + e, e);
    }
  }

  StartRun run(RuntimeBundle bundle, String id) {
    bundle.writeConfig(id);
    Path pidFile = state.resolve(id + ".pid");
    boolean created = false;
    try {
      long t0 = System.nanoTime();
      runc("create", "--bundle", bundle.dir().toString(), "--pid-file", pidFile.toString(), id);
      created = true;
      long afterCreate = System.nanoTime();
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      try (PidExit exit = PidExit.open(pid)) {
        long cpu = TaskCpu.nanos(pid);
        long t1 = System.nanoTime();
        runc("start", id);
        long started = System.nanoTime();
        exit.await(EXIT_LIMIT);
        runc("delete", id);
        created = false;
        long done = System.nanoTime();
        return new StartRun(afterCreate - t0, started - t1, done - t0 - (t1 - afterCreate), cpu);
      }
    } catch (IOException e) {
      throw new WorkloadFailure("runc: container " + id + ": " + e.getMessage(), e);
    } finally {
      if (created) {
        try {
          runc("delete", "--force", id);
        } catch (IOException | RuntimeException e) {
          System.err.println("bench: runc delete --force " + id + ": " + e.getMessage());
        }
      }
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException e) {
        System.err.println("bench: cannot delete " + pidFile + ": " + e.getMessage());
      }
    }
  }

  private void runc(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(runc);
    cmd.add("--root");
    cmd.add(state.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true)
        .start();
    try {
      if (!p.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " did not finish within "
            + COMMAND_LIMIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", cmd), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": "
          + tail());
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Deletes the state root (every container in it has been deleted). */
  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(state)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new WorkloadFailure("cannot delete the runc state root " + state + ": " + e, e);
    }
  }
}
