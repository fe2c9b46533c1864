package io.berth.bench.run;

import java.time.Duration;
import java.util.List;

/**
 * How much work each measurement does.
 *
 * @param measure how long a timed section lasts for workloads that run for a duration
 * @param warmup the least time each daemon-metadata workload (containers, events) spends in
 *     discarded warm-up repetitions per target before recording, so that berthd's JIT has
 *     compiled the workload's path (the runner goes on while the JIT is busy; containerd,
 *     compiled ahead of time, goes through the same loop)
 * @param repetitions recorded repetitions per workload and target (after one discarded warm-up)
 * @param deletes containers deleted in one Delete repetition
 * @param fixture containers in the namespace that Get and Update address
 * @param listSizes the namespace sizes List is measured at
 * @param maxClients the largest number of concurrent clients
 * @param taskRuns the timed operations (container runs, execs, pause+resume cycles) in one
 *     repetition of a task workload
 * @param taskRepetitions recorded repetitions of the task and memory workloads, whose
 *     repetitions each start containers (at most {@code repetitions})
 */
public record Scale(Duration measure, Duration warmup, int repetitions, int deletes, int fixture,
    List<Integer> listSizes, int maxClients, int taskRuns, int taskRepetitions) {

  public Scale {
    if (measure.isNegative() || measure.isZero()) {
      throw new IllegalArgumentException("measure must be positive: " + measure);
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative: " + warmup);
    }
    if (taskRuns < 1 || taskRepetitions < 1) {
      throw new IllegalArgumentException("taskRuns and taskRepetitions must be >= 1: " + taskRuns
          + ", " + taskRepetitions);
    }
    taskRepetitions = Math.min(taskRepetitions, repetitions);
    if (repetitions < 1 || deletes < 1 || fixture < 1 || maxClients < 1) {
      throw new IllegalArgumentException("repetitions, deletes, fixture and maxClients must be "
          + ">= 1: " + repetitions + ", " + deletes + ", " + fixture + ", " + maxClients);
    }
    listSizes = List.copyOf(listSizes);
  }

  /** The full run: about ten minutes on a small machine. */
  public static Scale full() {
    return new Scale(Duration.ofMillis(700), Duration.ofSeconds(3), 5, 300, 1000, List.of(100, 1_000, 10_000), 16, 10,
        3);
  }

  /**
   * A quick run: about two minutes, noisier, and without the namespace of 10,000 containers
   * (filling it alone takes a minute per daemon on a small machine).
   */
  public static Scale quick() {
    return new Scale(Duration.ofMillis(200), Duration.ofMillis(1500), 2, 100, 1000, List.of(100, 1_000), 16, 5, 2);
  }

  /** {@code n} repetitions; the task workloads keep recording at most as many as before. */
  public Scale withRepetitions(int n) {
    return new Scale(measure, warmup, n, deletes, fixture, listSizes, maxClients, taskRuns,
        Math.min(n, taskRepetitions));
  }

  public Scale withWarmup(Duration d) {
    return new Scale(measure, d, repetitions, deletes, fixture, listSizes, maxClients, taskRuns,
        taskRepetitions);
  }

  public Scale withMeasure(Duration d) {
    return new Scale(d, warmup, repetitions, deletes, fixture, listSizes, maxClients, taskRuns,
        taskRepetitions);
  }
}
