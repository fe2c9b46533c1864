package io.berth.integration.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A daemon process under test (berthd or the reference containerd) with a private root, state
 * directory and socket under one temporary directory. Closing stops it and removes the directory.
 */
public abstract class DaemonProcess implements AutoCloseable {

  protected final Path dir;
  protected final Path socket;
  private Process process;

  protected DaemonProcess(Path dir) {
    this.dir = dir;
    this.socket = dir.resolve("d.sock");
  }

  public Path socket() {
    return socket;
  }

  public Path dir() {
    return dir;
  }

  public Path log() {
    return dir.resolve("daemon.log");
  }

  public Ctr ctr() {
    return new Ctr(socket);
  }

  public long pid() {
    return process.pid();
  }

  protected abstract List<String> command() throws IOException;

  /** Starts the daemon and waits until its socket accepts a connection. */
  public DaemonProcess start() {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(socket);
      ProcessBuilder pb = new ProcessBuilder(command());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      process = pb.start();
      awaitSocket(Duration.ofSeconds(60));
      return this;
    } catch (IOException e) {
      throw new AssertionError("cannot start " + getClass().getSimpleName() + ": " + e, e);
    }
  }

  private void awaitSocket(Duration limit) throws IOException {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(getClass().getSimpleName() + " exited with "
            + process.exitValue() + ":\n" + Files.readString(log()));
      }
      if (Files.exists(socket) && Sockets.accepts(socket)) {
        return;
      }
      sleep(20);
    }
    throw new AssertionError(getClass().getSimpleName() + " did not listen on " + socket
        + " within " + limit + ":\n" + Files.readString(log()));
  }

  /** SIGKILL, as in a crash; the directory stays for a restart. */
  public void kill() {
    process.destroyForcibly();
    waitExit();
  }

  /** SIGTERM and wait; the directory stays. */
  public int stop() {
    process.destroy();
    return waitExit();
  }

  private int waitExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    if (alive()) {
      stop();
    }
    cleanup();
  }

  /** Unmounts anything left under the directory, then deletes it. */
  protected void cleanup() {
    TempDirs.unmountAllUnder(dir);
    TempDirs.deleteRecursively(dir);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
