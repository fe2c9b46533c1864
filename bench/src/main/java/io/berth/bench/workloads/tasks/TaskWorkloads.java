package io.berth.bench.workloads.tasks;

import io.berth.bench.run.Scale;
import io.berth.bench.workloads.Workload;
import io.berth.bench.workloads.tasks.MemorySnapshot.Quantity;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The task and memory workloads (issue 5), each against berthd and containerd with the real
 * {@code ctr} as the client, in report order. They come first in the report so that the idle
 * memory is that of freshly started daemons.
 */
public final class TaskWorkloads {

  private TaskWorkloads() {}

  /** The project's targets (Berth / containerd, at most). */
  static final OptionalDouble SHIM_PSS_TARGET = OptionalDouble.of(2.0);

  static final OptionalDouble DAEMON_RSS_TARGET = OptionalDouble.of(2.0);

  public static List<Workload> all(Scale scale) {
    int runs = scale.taskRuns();
    SharedBatches<MemorySnapshot> idle = IdleMemory.batches();
    SharedBatches<long[]> runRm = RunRmLatency.batches(runs, Duration.ZERO);
    SharedBatches<long[]> spaced = RunRmLatency.batches(runs, RunRmLatency.SPACED);
    SharedBatches<Fleet> fleets = Fleet.batches();
    SharedBatches<TaskOps> ops = TaskOps.batches(runs);
    return List.of(
        MemoryUse.idle(idle, Quantity.DAEMON_RSS),
        MemoryUse.idle(idle, Quantity.TOTAL_PSS),
        new RunRmLatency(runRm, runs, 50, Duration.ZERO),
        new RunRmLatency(runRm, runs, 95, Duration.ZERO),
        new RunRmLatency(spaced, runs, 50, RunRmLatency.SPACED),
        new RunRmLatency(spaced, runs, 95, RunRmLatency.SPACED),
        new ConcurrentStarts(fleets),
        MemoryUse.withTasks(fleets, Quantity.DAEMON_RSS, DAEMON_RSS_TARGET),
        MemoryUse.withTasks(fleets, Quantity.TOTAL_RSS, OptionalDouble.empty()),
        MemoryUse.withTasks(fleets, Quantity.TOTAL_PSS, OptionalDouble.empty()),
        MemoryUse.withTasks(fleets, Quantity.SHIM_RSS, OptionalDouble.empty()),
        MemoryUse.withTasks(fleets, Quantity.SHIM_PSS, SHIM_PSS_TARGET),
        new TaskOpLatency(ops, TaskOpLatency.Op.EXEC, runs),
        new TaskOpLatency(ops, TaskOpLatency.Op.PAUSE_RESUME, runs));
  }
}
