package io.berth.bench.targets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU a process's JIT compiler threads (HotSpot's {@code C1/C2 CompilerThread}s) have
 * used, from {@code /proc/PID/task/*}/stat: a process without them (containerd) reports zero.
 */
final class JitActivity {

  /** Linux's USER_HZ: stat's times are in these ticks. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private JitActivity() {}

  /** CPU time, in nanoseconds, that {@code pid}'s compiler threads have used so far. */
  static long compilerCpuNanos(long pid) {
    long ticks = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks) {
        ticks += compilerTicks(task.resolve("stat"));
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * NANOS_PER_TICK;
  }

  private static long compilerTicks(Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException e) {
      return 0; // the thread ended meanwhile
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open || !line.substring(open + 1, close).contains("CompilerThre")) {
      return 0;
    }
    String[] f = line.substring(close + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
