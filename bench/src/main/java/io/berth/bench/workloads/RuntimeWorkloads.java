package io.berth.bench.workloads;

import io.berth.bench.run.Scale;
import io.berth.bench.workloads.RuntimeStat.Quantity;
import java.time.Duration;
import java.util.List;

/** The runtime core workloads (issue 4), in report order; {@link Workloads} lists them. */
final class RuntimeWorkloads {

  private RuntimeWorkloads() {}

  /** Starts per batch in a full run; a quick run (timed sections under 1 s) makes fewer. */
  static final int RUNS = 50;

  static final int QUICK_RUNS = 20;

  static List<Workload> all(Scale scale) {
    int runs = scale.measure().compareTo(Duration.ofSeconds(1)) >= 0 ? RUNS : QUICK_RUNS;
    RuntimeStarts starts = new RuntimeStarts(runs);
    return List.of(
        new RuntimeStat(starts, Quantity.CREATE_TO_EXEC, 50),
        new RuntimeStat(starts, Quantity.CREATE_TO_EXEC, 95),
        new RuntimeStat(starts, Quantity.CREATE, 50),
        new RuntimeStat(starts, Quantity.START, 50),
        new RuntimeStat(starts, Quantity.INIT_CPU, 50),
        new RuntimeStat(starts, Quantity.CYCLE, 50));
  }
}
