package io.berth.bench.run;

/**
 * One timed repetition: {@code operations} done in {@code nanos} of wall-clock time.
 *
 * @param operations what the workload counts (calls, or events delivered)
 */
public record Sample(long operations, long nanos) {

  public Sample {
    if (operations < 0 || nanos <= 0) {
      throw new IllegalArgumentException(
          "a sample needs operations >= 0 and nanos > 0, got " + operations + ", " + nanos);
    }
  }

  /** Throughput in operations per second. */
  public double perSecond() {
    return operations * 1e9 / nanos;
  }
}
