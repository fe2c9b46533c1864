package io.berth.shim.cgroups;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A child process for cgroup tests. Commands that should run inside the cgroup start with {@code
 * read x;} so they wait on stdin until {@link #go()} (after addProcess). Closing kills it.
 */
final class TestProcess implements AutoCloseable {

  private final Process process;

  private TestProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code sh -c script} at the lowest priority, stdout discarded. */
  static TestProcess shell(String script) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("nice", "-n", "19", "sh", "-c", script);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return new TestProcess(pb.start());
  }

  long pid() {
    return process.pid();
  }

  /** Lets a script waiting in {@code read x} continue. */
  void go() throws IOException {
    OutputStream in = process.getOutputStream();
    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
    in.flush();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits for the exit (at most a minute, a hang guard) and returns the status. */
  int waitFor() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("process " + pid() + " did not exit");
    }
    return process.exitValue();
  }

  String stderr() throws IOException {
    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** utime + stime of the process, in clock ticks, from /proc/PID/stat. */
  long cpuTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields after "(comm)": state is index 0, utime is field 14 (index 11), stime 15 (index 12)
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }
}
