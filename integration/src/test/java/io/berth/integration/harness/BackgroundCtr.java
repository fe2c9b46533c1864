package io.berth.integration.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A long-running ctr command (e.g. {@code ctr events}) whose stdout lines are collected as they
 * come. Closing kills it.
 */
public final class BackgroundCtr implements AutoCloseable {

  private final List<String> command;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread outReader;
  private final Thread errReader;

  BackgroundCtr(List<String> command) {
    this.command = List.copyOf(command);
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      process = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    }
    outReader = Thread.ofVirtual().start(() -> read(process.inputReader(), true));
    errReader = Thread.ofVirtual().start(() -> read(process.errorReader(), false));
  }

  private void read(BufferedReader reader, boolean out) {
    try (reader) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (this) {
          if (out) {
            lines.add(line);
          } else {
            stderr.append(line).append('\n');
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the process was killed: what was read stays
    }
  }

  /** The stdout lines so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  public synchronized String stderr() {
    return stderr.toString();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits until some stdout line satisfies {@code condition} and returns the lines up to and
   * including it. Fails, showing what arrived, when the command ends or {@code limit} passes
   * first; the limit only stops a broken run from hanging.
   */
  public synchronized List<String> awaitLine(Predicate<String> condition, Duration limit) {
    Instant deadline = Instant.now().plus(limit);
    while (true) {
      for (int i = 0; i < lines.size(); i++) {
        if (condition.test(lines.get(i))) {
          return List.copyOf(lines.subList(0, i + 1));
        }
      }
      long left = Duration.between(Instant.now(), deadline).toMillis();
      if (left <= 0 || !process.isAlive()) {
        throw new AssertionError("no expected line from " + command + " (alive "
            + process.isAlive() + "); stdout:\n" + String.join("\n", lines) + "\nstderr:\n"
            + stderr);
      }
      try {
        wait(Math.min(left, 200));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Forgets the first {@code n} lines (e.g. those of a readiness probe). */
  public synchronized void drop(int n) {
    lines.subList(0, n).clear();
  }

  /** Kills the command and waits for it and its readers. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      outReader.join(Duration.ofSeconds(5));
      errReader.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
