package io.berth.bench.workloads;

import io.berth.bench.run.Percentiles;
import io.berth.bench.run.Sample;
import io.berth.bench.targets.Target;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One statistic of the runtime starts ({@link RuntimeStarts}): a percentile of one measured
 * quantity over a batch, in ms. The Berth column is Berth's runtime core (the shim's Container
 * library) and the containerd column is runc, so the ratio is Berth / runc (below 1: Berth is
 * faster).
 */
final class RuntimeStat implements DurationWorkload {

  /** What is measured of each start. */
  enum Quantity {
    CREATE_TO_EXEC("runtime.create-to-exec", StartRun::createToExecNanos),
    CREATE("runtime.create", StartRun::createNanos),
    START("runtime.start", StartRun::startNanos),
    INIT_CPU("runtime.init-cpu", StartRun::initCpuNanos),
    CYCLE("runtime.create-to-deleted", StartRun::cycleNanos);

    final String workload;
    final ToLongFunction<StartRun> nanos;

    Quantity(String workload, ToLongFunction<StartRun> nanos) {
      this.workload = workload;
      this.nanos = nanos;
    }
  }

  private final RuntimeStarts starts;
  private final Quantity quantity;
  private final int percentile;
  private final Map<String, Integer> calls = new HashMap<>();

  RuntimeStat(RuntimeStarts starts, Quantity quantity, int percentile) {
    if (percentile < 1 || percentile > 100) {
      throw new IllegalArgumentException("percentile must be in 1..100, got " + percentile);
    }
    this.starts = starts;
    this.quantity = quantity;
    this.percentile = percentile;
  }

  @Override
  public String name() {
    return quantity.workload;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("stat", "p" + percentile);
    p.put("runs", starts.runs());
    p.put("berth", "Container library");
    p.put("containerd", "runc");
    return p;
  }

  @Override
  public String label() {
    return name() + " p" + percentile + " of " + starts.runs() + " (Berth library vs runc)";
  }

  @Override
  public boolean supports(Target target) {
    return RuntimeStarts.supports(target);
  }

  @Override
  public Sample run(Target target, Session session) {
    int index;
    synchronized (calls) {
      index = calls.merge(target.name(), 1, Integer::sum) - 1;
    }
    List<StartRun> batch = starts.batch(target, index);
    long[] values = batch.stream().mapToLong(quantity.nanos).toArray();
    return new Sample(1, Math.max(1, Percentiles.nearestRank(values, percentile)));
  }
}
