package io.berth.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repeated throughputs of one workload on one target, or why they stopped. Values are
 * operations per second; statistics are over the recorded repetitions.
 */
public final class Measurements {

  private final List<Double> values = new ArrayList<>();
  private String error;

  public void add(double perSecond) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("not a throughput: " + perSecond);
    }
    values.add(perSecond);
  }

  public void fail(String message) {
    error = message;
  }

  public List<Double> values() {
    return List.copyOf(values);
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  public boolean ok() {
    return error == null && !values.isEmpty();
  }

  public double median() {
    List<Double> s = sorted();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  public double min() {
    return sorted().getFirst();
  }

  public double max() {
    return sorted().getLast();
  }

  /** (max − min) / median: how far apart the repetitions landed, as a fraction. */
  public double spread() {
    double m = median();
    return m == 0 ? 0 : (max() - min()) / m;
  }

  private List<Double> sorted() {
    if (values.isEmpty()) {
      throw new IllegalStateException("no measurements");
    }
    return values.stream().sorted().toList();
  }
}
