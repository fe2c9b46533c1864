package io.berth.shim.cgroups;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the cgroup suites (of a bare cgroup and of a container) read and wait for alike. */
public final class CgroupChecks {
  private CgroupChecks() {
  }

  /** Polls (a hang guard of 30 s, not a speed check) until {@code condition} holds. */
  public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(10);
    }
  }

  /** CPU time used, in the unit of the cgroup version (v1 ns, v2 us). */
  public static long cpuUsage(Stats s) {
    return switch (s) {
      case V1Stats v1 -> v1.cpu().usage().total();
      case V2Stats v2 -> v2.cpu().usageUsec();
    };
  }

  /** Memory in use, in bytes. */
  public static long memoryUsage(Stats s) {
    return switch (s) {
      case V1Stats v1 -> v1.memory().usage().usage();
      case V2Stats v2 -> v2.memory().usage();
    };
  }
}
