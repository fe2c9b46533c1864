package io.berth.bench.workloads.tasks;

import io.berth.bench.targets.Target;
import io.berth.bench.workloads.Session;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements that several report rows read different numbers of (p50 and p95 of the same runs;
 * start time and memory of the same 20 tasks). The k-th call of any row on a target gets the
 * k-th batch of that target, measured by whichever row asks first: the runner runs a row's
 * repetitions one after another, so the first row measures and the others reuse, and a row run
 * alone measures its own. Call 0 is the runner's discarded warm-up. A batch that failed fails
 * every row that asks for it, without being measured again.
 */
final class SharedBatches<T> {

  /** Measures the {@code index}-th batch of a target. */
  @FunctionalInterface
  interface Measure<T> {
    T batch(Target target, Session session, int index);
  }

  private final Measure<T> measure;
  private final Map<String, List<T>> done = new HashMap<>();
  private final Map<String, Map<Integer, RuntimeException>> failed = new HashMap<>();

  SharedBatches(Measure<T> measure) {
    this.measure = measure;
  }

  /** The {@code index}-th batch of {@code target}. */
  synchronized T get(Target target, Session session, int index) {
    List<T> batches = done.computeIfAbsent(target.name(), t -> new ArrayList<>());
    if (index < batches.size()) {
      return batches.get(index);
    }
    Map<Integer, RuntimeException> failures =
        failed.computeIfAbsent(target.name(), t -> new HashMap<>());
    RuntimeException earlier = failures.get(index);
    if (earlier != null) {
      throw earlier;
    }
    T batch;
    try {
      batch = measure.batch(target, session, index);
    } catch (RuntimeException e) {
      failures.put(index, e);
      throw e;
    }
    if (index == batches.size()) {
      batches.add(batch);
    }
    return batch;
  }

  /** Counts one row's calls per target, giving each call its batch index. */
  static final class Calls {
    private final Map<String, Integer> calls = new HashMap<>();

    synchronized int next(Target target) {
      return calls.merge(target.name(), 1, Integer::sum) - 1;
    }
  }
}
