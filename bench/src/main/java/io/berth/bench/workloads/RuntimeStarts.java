package io.berth.bench.workloads;

import io.berth.bench.report.Row;
import io.berth.bench.targets.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The container starts behind the runtime rows (issue 4): batches of {@code runs} starts of
 * {@code /bin/true} from a fresh busybox bundle, with Berth's runtime core on the {@code berth}
 * target ({@link LibraryStarts}) and with runc on the {@code containerd} target ({@link
 * RuncStarts}: containerd's runtime core). No daemon is involved; the targets only say which
 * runtime fills which column of the report.
 *
 * <p>Several rows read different statistics of the same starts: the k-th call of any row on a
 * target gets the k-th batch of that target, measured by whichever row asks first (the Runner
 * runs a workload's repetitions one after another, so the first row measures and the others
 * reuse; a row run alone measures its own).
 */
final class RuntimeStarts {

  private final int runs;
  private final Map<String, List<List<StartRun>>> batches = new HashMap<>();
  private final AtomicLong ids = new AtomicLong();

  RuntimeStarts(int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be >= 1, got " + runs);
    }
    this.runs = runs;
  }

  int runs() {
    return runs;
  }

  static boolean supports(Target target) {
    return target.name().equals(Row.BERTH) || target.name().equals(Row.CONTAINERD);
  }

  /** The {@code index}-th batch of starts on {@code target}. */
  synchronized List<StartRun> batch(Target target, int index) {
    List<List<StartRun>> done = batches.computeIfAbsent(target.name(), t -> new ArrayList<>());
    if (index < done.size()) {
      return done.get(index);
    }
    List<StartRun> batch = measure(target);
    if (index == done.size()) {
      done.add(batch);
    }
    return batch;
  }

  private List<StartRun> measure(Target target) {
    List<StartRun> batch = new ArrayList<>();
    try (RuntimeBundle bundle = RuntimeBundle.create()) {
      if (target.name().equals(Row.BERTH)) {
        LibraryStarts.prepareStageCache();
        for (int i = 0; i < runs; i++) {
          batch.add(LibraryStarts.run(bundle, "bench-berth-" + ids.incrementAndGet()));
        }
      } else {
        try (RuncStarts runc = RuncStarts.open()) {
          for (int i = 0; i < runs; i++) {
            batch.add(runc.run(bundle, "bench-runc-" + ids.incrementAndGet()));
          }
        }
      }
    }
    return List.copyOf(batch);
  }
}
