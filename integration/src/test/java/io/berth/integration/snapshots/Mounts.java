package io.berth.integration.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code mount ...} command lines that {@code ctr snapshots mounts} prints, as a user
 * would paste them into a shell, and unmounts again.
 */
final class Mounts {

  private Mounts() {}

  /** Runs every printed {@code mount} line with sh. */
  static void mountPrinted(String printed) {
    List<String> lines = printed.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty() || !lines.stream().allMatch(l -> l.startsWith("mount -t "))) {
      throw new AssertionError("not a mount command: " + printed);
    }
    for (String line : lines) {
      run("sh", "-c", line);
    }
  }

  static void umount(Path target) {
    run("umount", target.toString());
  }

  /** Unmounts, ignoring "not mounted": for cleanup after a failure. */
  static void umountQuietly(Path target) {
    try {
      Process p = new ProcessBuilder("umount", target.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // nothing mounted, or nothing we can do; the leak checks report what is left
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", cmd));
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " failed with " + p.exitValue() + ": "
            + out);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
