package io.berth.bench.workloads;

import io.berth.bench.run.Sample;
import java.util.OptionalDouble;

/**
 * A workload that measures how long something takes rather than how often it can be done: a
 * repetition's {@link Sample} is {@code operations} done in {@code nanos}, and it is recorded as
 * milliseconds per operation. Lower is better, so the report's Berth / containerd ratio of such a
 * row is below 1 when Berth is faster; a target, if any, is a maximum ratio.
 */
public interface DurationWorkload extends Workload {

  @Override
  default String unit() {
    return "ms";
  }

  @Override
  default double value(Sample sample) {
    if (sample.operations() == 0) {
      throw new IllegalArgumentException("a duration sample needs at least one operation");
    }
    return sample.nanos() / 1e6 / sample.operations();
  }

  @Override
  default boolean lowerIsBetter() {
    return true;
  }

  @Override
  default OptionalDouble targetRatio() {
    return OptionalDouble.empty();
  }
}
