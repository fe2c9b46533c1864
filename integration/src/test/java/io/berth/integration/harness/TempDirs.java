package io.berth.integration.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Temporary daemon directories: creation under /var/tmp (ext4, so overlay can stack) and cleanup. */
public final class TempDirs {
  private TempDirs() {}

  public static Path create(String prefix) {
    try {
      Path base = Files.createDirectories(Path.of("/var/tmp/berth-it"));
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Mount points below {@code dir}, deepest first, from /proc/self/mountinfo. */
  public static List<String> mountsUnder(Path dir) {
    List<String> found = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String mountPoint = line.split(" ")[4].replace("\\040", " ");
        if (mountPoint.startsWith(dir.toString() + "/") || mountPoint.equals(dir.toString())) {
          found.add(mountPoint);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    found.sort(Comparator.comparingInt(String::length).reversed());
    return found;
  }

  static void unmountAllUnder(Path dir) {
    for (String m : mountsUnder(dir)) {
      try {
        Process p = new ProcessBuilder("umount", "-l", m).inheritIO().start();
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (IOException e) {
        // reported by the leak checks of the tests that care
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot delete " + dir + ": " + e, e);
    }
  }
}
