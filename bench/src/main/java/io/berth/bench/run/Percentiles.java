package io.berth.bench.run;

import java.util.Arrays;

/** Order statistics of a batch of measurements. */
public final class Percentiles {

  private Percentiles() {}

  /** The nearest-rank percentile (1..100) of the values: the smallest value with at least
   * {@code percentile}% of the values at or below it. */
  public static long nearestRank(long[] values, int percentile) {
    if (percentile < 1 || percentile > 100) {
      throw new IllegalArgumentException("percentile must be in 1..100, got " + percentile);
    }
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** The median: the middle value, or the mean of the two middle ones. */
  public static double median(long[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
