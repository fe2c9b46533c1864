package io.berth.bench.workloads;

import io.berth.bench.run.Sample;
import io.berth.bench.run.Scale;
import io.berth.bench.targets.Target;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One measured operation mix, registered in {@link Workloads}. A repetition prepares what it
 * needs (untimed), runs its timed section (usually through {@link io.berth.bench.run.Clients}),
 * and cleans up what it created, so that repetitions and targets are independent. New kinds of
 * workload (tasks, snapshots, memory) are new implementations added to the registry.
 */
public interface Workload {

  /** A stable dotted name, e.g. {@code containers.list}. */
  String name();

  /** The parameters that distinguish instances of one workload, in display order. */
  Map<String, Object> parameters();

  /** What {@link Sample#operations()} counts, per second: {@code ops/s} or {@code events/s}. */
  default String unit() {
    return "ops/s";
  }

  /**
   * The number a repetition's sample is recorded as, in {@link #unit()}: its throughput, unless
   * the workload measures a duration (then the unit is e.g. {@code ms}, and lower is better).
   */
  default double value(Sample sample) {
    return sample.perSecond();
  }

  /** The Berth/containerd ratio the project aims for, if there is one (see lowerIsBetter). */
  default OptionalDouble targetRatio() {
    return OptionalDouble.of(2.0);
  }

  /**
   * Whether smaller values are better (durations, memory): then {@link #targetRatio()} is the
   * largest acceptable ratio rather than the smallest.
   */
  default boolean lowerIsBetter() {
    return false;
  }

  /**
   * Recorded repetitions per target, after the one discarded warm-up. Workloads whose
   * repetition is long (each starts containers) may record fewer than the scale asks.
   */
  default int repetitions(Scale scale) {
    return scale.repetitions();
  }

  /**
   * The least time the runner spends on discarded warm-up repetitions per target before it
   * records (at least one repetition is always discarded). Zero by default; the daemon-metadata
   * workloads, whose calls take about a millisecond, ask for {@link Scale#warmup()} so that
   * berthd is measured with its path compiled rather than interpreted.
   */
  default Duration warmup(Scale scale) {
    return Duration.ZERO;
  }

  /** Whether the workload can run on the target (e.g. events need a daemon). */
  default boolean supports(Target target) {
    return true;
  }

  /** One repetition on {@code target}: prepare, timed section, clean up. */
  Sample run(Target target, Session session);

  /** One repetition's recorded number, in {@link #unit()}: by default the value of a run. */
  default double measure(Target target, Session session) {
    return value(run(target, session));
  }

  /** The name with its parameters, as rows of the report show it. */
  default String label() {
    if (parameters().isEmpty()) {
      return name();
    }
    return name() + " " + parameters().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }
}
