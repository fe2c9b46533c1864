package io.berth.bench.workloads.tasks;

import io.berth.bench.run.Percentiles;
import io.berth.bench.run.Sample;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.targets.Target;
import io.berth.bench.workloads.DurationWorkload;
import io.berth.bench.workloads.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code ctr run --rm --rootfs R ID /bin/true}, each timed from the start of ctr until it has
 * exited (the container created, started, exited and deleted): a percentile of a batch of runs.
 * The p50 and p95 rows read the same batches. Runs go back to back, or with a pause between them:
 * back to back, a daemon that prepares for the next task in the background (berthd refills its
 * pool of started shims) does that work during the next run; spaced, each run sees an idle
 * machine, as a user's occasional {@code ctr run} does.
 */
final class RunRmLatency implements TaskWorkload, DurationWorkload {

  /** The runs of the discarded warm-up batch: enough to load every code path once. */
  static final int WARM_UP_RUNS = 3;

  /** The batches of one benchmark run, shared by its rows. */
  static SharedBatches<long[]> batches(int runs, Duration gap) {
    return new SharedBatches<>((target, session, index) -> measure((RemoteTarget) target,
        session, index == 0 ? Math.min(WARM_UP_RUNS, runs) : runs, gap));
  }

  /** The pause between spaced runs: longer than berthd needs to start a pooled shim. */
  static final Duration SPACED = Duration.ofMillis(1500);

  private final SharedBatches<long[]> batches;
  private final SharedBatches.Calls calls = new SharedBatches.Calls();
  private final int runs;
  private final int percentile;
  private final Duration gap;

  RunRmLatency(SharedBatches<long[]> batches, int runs, int percentile, Duration gap) {
    this.batches = batches;
    this.runs = runs;
    this.percentile = percentile;
    this.gap = gap;
  }

  @Override
  public String name() {
    return gap.isZero() ? "tasks.run-rm" : "tasks.run-rm-spaced";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("stat", "p" + percentile);
    p.put("runs", runs);
    p.put("gap_ms", gap.toMillis());
    return p;
  }

  @Override
  public String label() {
    return name() + " p" + percentile + " of " + runs + " (ctr run --rm --rootfs, /bin/true"
        + (gap.isZero() ? ", back to back)" : ", " + gap.toMillis() + " ms apart)");
  }

  @Override
  public OptionalDouble targetRatio() {
    return OptionalDouble.of(1.0);
  }

  @Override
  public Sample run(Target target, Session session) {
    long[] batch = batches.get(target, session, calls.next(target));
    return new Sample(1, Math.max(1, Percentiles.nearestRank(batch, percentile)));
  }

  private static long[] measure(RemoteTarget target, Session session, int runs, Duration gap) {
    long[] nanos = new long[runs];
    try (TaskScope scope = TaskScope.open(target, session)) {
      for (int i = 0; i < runs; i++) {
        if (i > 0 && !gap.isZero()) {
          TaskScope.sleep(gap.toMillis());
        }
        nanos[i] = scope.ctr().time("run", "--rm", "--rootfs", scope.rootfs(), "rm-" + i,
            "/bin/true");
      }
    }
    return nanos;
  }
}
