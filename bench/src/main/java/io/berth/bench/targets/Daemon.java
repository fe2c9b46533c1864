package io.berth.bench.targets;

import io.berth.api.sockets.UnixSocketFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A daemon under measurement, run as a separate process on a private root, state directory and
 * socket under one directory. {@link #close()} stops it (SIGTERM, then SIGKILL after 30 s) and
 * deletes the directory.
 */
public abstract sealed class Daemon implements AutoCloseable permits Berthd, Containerd {

  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  protected final Path dir;
  private Process process;

  protected Daemon(Path dir) {
    this.dir = dir;
  }

  /** A fresh directory under {@code /var/tmp/berth-bench} (ext4, like a real root). */
  static Path freshDir(String prefix) {
    try {
      Path base = Files.createDirectories(Path.of("/var/tmp/berth-bench"));
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a daemon directory: " + e.getMessage(), e);
    }
  }

  /** The short name used in reports: {@code berth} or {@code containerd}. */
  public abstract String name();

  protected abstract List<String> command() throws IOException;

  /**
   * Whether a process with this argv is one of this daemon's shims (one per task; found by
   * command line, since shims detach from the daemon and are children of init).
   */
  protected abstract boolean isShim(List<String> argv);

  /** The pids of this daemon's shims now running. */
  public List<Long> shimPids() {
    return Processes.matching(this::isShim);
  }

  /** Extra environment for the process. */
  protected Map<String, String> environment() {
    return Map.of();
  }

  public Path socket() {
    return dir.resolve("d.sock");
  }

  public Path root() {
    return dir.resolve("root");
  }

  public Path state() {
    return dir.resolve("state");
  }

  public Path log() {
    return dir.resolve("daemon.log");
  }

  public long pid() {
    return process.pid();
  }

  /** Starts the process and waits until its socket accepts connections. */
  public void start() {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(socket());
      ProcessBuilder pb = new ProcessBuilder(command());
      pb.environment().putAll(environment());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      process = pb.start();
      awaitSocket();
      awaitSettled();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits, once the socket accepts connections, for whatever start-up work the daemon still does
   * in the background and a user's long-running daemon has long finished; nothing by default.
   */
  protected void awaitSettled() throws IOException {}

  private void awaitSocket() throws IOException {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name() + " exited with " + process.exitValue()
            + " during start-up; log " + log() + ":\n" + tail());
      }
      if (Files.exists(socket()) && UnixSocketFiles.listening(socket())) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException(name() + " did not listen on " + socket() + " within "
        + START_LIMIT + "; log:\n" + tail());
  }

  /** The last lines of the daemon's log, for error messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL if it has not exited within 30 s. */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the daemon, kills whatever is still running under its directory (shims outlive their
   * daemon, and so do their containers: only after a workload failed to clean up) and deletes
   * the directory.
   */
  @Override
  public void close() {
    stop();
    killLeftovers();
    deleteRecursively(dir);
  }

  private void killLeftovers() {
    List<ProcessHandle> killed = new java.util.ArrayList<>();
    for (long pid : Processes.matching(argv -> Processes.mentions(argv, dir.toString()))) {
      String cmd = String.join(" ", Processes.argv(pid));
      System.err.println("bench: killing leftover process " + pid + " of " + name() + ": "
          + (cmd.length() > 200 ? "..." + cmd.substring(cmd.length() - 200) : cmd));
      ProcessHandle.of(pid).ifPresent(h -> {
        h.descendants().forEach(d -> {
          d.destroyForcibly();
          killed.add(d);
        });
        h.destroyForcibly();
        killed.add(h);
      });
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (killed.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      sleep(50);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
