package io.berth.bench.workloads.tasks;

import io.berth.bench.run.Sample;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.Target;
import io.berth.bench.workloads.DurationWorkload;
import io.berth.bench.workloads.Session;
import java.util.Map;

/** The wall time of {@value Fleet#TASKS} concurrent {@code ctr run -d} until all tasks run. */
final class ConcurrentStarts implements TaskWorkload, DurationWorkload {

  private final SharedBatches<Fleet> fleets;
  private final SharedBatches.Calls calls = new SharedBatches.Calls();

  ConcurrentStarts(SharedBatches<Fleet> fleets) {
    this.fleets = fleets;
  }

  @Override
  public String name() {
    return "tasks.start-detached";
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("concurrent", Fleet.TASKS);
  }

  @Override
  public String label() {
    return "tasks.start-detached concurrent=" + Fleet.TASKS + " (ctr run -d, wall until all run)";
  }

  @Override
  public Sample run(Target target, Session session) {
    Fleet fleet = fleets.get(target, session, calls.next(target));
    long nanos = fleet.wallNanos().orElseThrow(() -> new WorkloadFailure(
        fleet.startError().orElse("a start failed")));
    return new Sample(1, Math.max(1, nanos));
  }
}
