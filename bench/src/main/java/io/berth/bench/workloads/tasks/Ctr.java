package io.berth.bench.workloads.tasks;

import io.berth.bench.run.WorkloadFailure;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code ctr} 1.6 of Debian's containerd package, pointed at one daemon's socket and one
 * namespace: the same client for berthd and containerd. Each command's output goes to a file of
 * its own in {@code logs}, quoted when the command fails, and deleted when it succeeds.
 */
final class Ctr {

  static final Path BINARY = Path.of("/usr/bin/ctr");

  /** A command that takes longer is killed: only a hung daemon would make one take this long. */
  static final long LIMIT_SECONDS = 180;

  private final Path socket;
  private final String namespace;
  private final Path logs;
  private int commands;

  Ctr(Path socket, String namespace, Path logs) {
    if (!Files.isExecutable(BINARY)) {
      throw new WorkloadFailure(BINARY + " is missing; run bin/setup");
    }
    this.socket = socket;
    this.namespace = namespace;
    this.logs = logs;
  }

  /** Runs {@code ctr ARGS} to completion; returns how long it took, in nanoseconds. */
  long time(String... args) {
    Running r = start(args);
    r.await();
    return r.nanos();
  }

  /** Starts {@code ctr ARGS}; {@link Running#await()} waits for it and checks its exit status. */
  Running start(String... args) {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--address", socket.toString(),
        "--namespace", namespace));
    cmd.addAll(List.of(args));
    Path log;
    synchronized (this) {
      log = logs.resolve("ctr-" + (++commands) + ".log");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(log.toFile())
        .redirectErrorStream(true);
    long t0 = System.nanoTime();
    try {
      return new Running(cmd, pb.start(), t0, log);
    } catch (IOException e) {
      throw new WorkloadFailure("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    }
  }

  /** A started ctr command. */
  static final class Running {
    private final List<String> cmd;
    private final Process process;
    private final long started;
    private final Path log;
    private long ended;

    private Running(List<String> cmd, Process process, long started, Path log) {
      this.cmd = cmd;
      this.process = process;
      this.started = started;
      this.log = log;
    }

    /** Waits for the command; throws with its output unless it exited with status 0. */
    void await() {
      try {
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
          throw new WorkloadFailure(String.join(" ", cmd) + " did not finish within "
              + LIMIT_SECONDS + " s: " + output());
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new WorkloadFailure("interrupted while running " + String.join(" ", cmd), e);
      }
      ended = System.nanoTime();
      if (process.exitValue() != 0) {
        throw new WorkloadFailure(String.join(" ", cmd) + " exited with " + process.exitValue()
            + ": " + output());
      }
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // left for the scope's clean-up
      }
    }

    /** From the start of the command until {@link #await()} saw it end. */
    long nanos() {
      return ended - started;
    }

    /** When {@link #await()} saw it end, on {@link System#nanoTime()}'s clock. */
    long ended() {
      return ended;
    }

    /** Kills the command if it still runs (after another one failed). */
    void kill() {
      process.destroyForcibly();
    }

    private String output() {
      try {
        String s = Files.readString(log, StandardCharsets.UTF_8).strip();
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
      } catch (IOException e) {
        return "(no output: " + e.getMessage() + ")";
      }
    }
  }
}
