package io.berth.bench.workloads;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The CPU time a live process has used, in nanoseconds: the sum of the first field of {@code
 * /proc/PID/task/TID/schedstat} (time on a CPU) over its threads. Threads that have already
 * exited are not counted; a JVM and a Go runtime keep theirs.
 */
final class TaskCpu {

  private TaskCpu() {}

  static long nanos(long pid) throws IOException {
    long total = 0;
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path t : threads) {
        String stat;
        try {
          stat = Files.readString(t.resolve("schedstat")).trim();
        } catch (NoSuchFileException e) {
          continue; // the thread ended meanwhile
        }
        int space = stat.indexOf(' ');
        total += Long.parseLong(space < 0 ? stat : stat.substring(0, space));
      }
    }
    return total;
  }
}
