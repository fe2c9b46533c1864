package io.berth.bench.workloads.tasks;

import io.berth.bench.run.Percentiles;
import io.berth.bench.run.Sample;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.Target;
import io.berth.bench.workloads.DurationWorkload;
import io.berth.bench.workloads.Session;
import java.util.LinkedHashMap;
import java.util.Map;

/** The median latency of exec, or of pause+resume, on a running task ({@link TaskOps}). */
final class TaskOpLatency implements TaskWorkload, DurationWorkload {

  enum Op {
    EXEC("tasks.exec", "ctr tasks exec /bin/true"),
    PAUSE_RESUME("tasks.pause-resume", "ctr tasks pause, then resume");

    final String workload;
    final String description;

    Op(String workload, String description) {
      this.workload = workload;
      this.description = description;
    }
  }

  private final SharedBatches<TaskOps> batches;
  private final SharedBatches.Calls calls = new SharedBatches.Calls();
  private final Op op;
  private final int runs;

  TaskOpLatency(SharedBatches<TaskOps> batches, Op op, int runs) {
    this.batches = batches;
    this.op = op;
    this.runs = runs;
  }

  @Override
  public String name() {
    return op.workload;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("stat", "p50");
    p.put("runs", runs);
    return p;
  }

  @Override
  public String label() {
    return op.workload + " p50 of " + runs + " (" + op.description + ")";
  }

  @Override
  public Sample run(Target target, Session session) {
    TaskOps ops = batches.get(target, session, calls.next(target));
    long[] nanos = switch (op) {
      case EXEC -> ops.execNanos();
      case PAUSE_RESUME -> ops.pauseResumeNanos().orElseThrow(() -> new WorkloadFailure(
          ops.pauseError().orElse("pause failed")));
    };
    return new Sample(1, Math.max(1, Math.round(Percentiles.median(nanos))));
  }
}
