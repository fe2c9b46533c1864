package io.berth.bench.workloads.tasks;

import io.berth.bench.run.Sample;
import io.berth.bench.targets.Target;
import io.berth.bench.workloads.Session;
import io.berth.bench.workloads.tasks.MemorySnapshot.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BiFunction;

/**
 * One memory quantity (MiB) of a daemon and its shims, either idle (no task) or with {@value
 * Fleet#TASKS} running tasks; a repetition reads one snapshot of the shared batches.
 */
final class MemoryUse implements TaskWorkload {

  private final int tasks;
  private final Quantity quantity;
  private final OptionalDouble target;
  private final BiFunction<Target, Session, MemorySnapshot> snapshots;

  /** A row read from {@code snapshots}, which gives a target's next snapshot. */
  MemoryUse(int tasks, Quantity quantity, OptionalDouble target,
      BiFunction<Target, Session, MemorySnapshot> snapshots) {
    this.tasks = tasks;
    this.quantity = quantity;
    this.target = target;
    this.snapshots = snapshots;
  }

  /** Rows reading idle snapshots. */
  static MemoryUse idle(SharedBatches<MemorySnapshot> idle, Quantity q) {
    SharedBatches.Calls calls = new SharedBatches.Calls();
    return new MemoryUse(0, q, OptionalDouble.empty(), (t, s) -> idle.get(t, s, calls.next(t)));
  }

  /** Rows reading the memory of fleets of running tasks. */
  static MemoryUse withTasks(SharedBatches<Fleet> fleets, Quantity q, OptionalDouble target) {
    SharedBatches.Calls calls = new SharedBatches.Calls();
    return new MemoryUse(Fleet.TASKS, q, target,
        (t, s) -> fleets.get(t, s, calls.next(t)).memory());
  }

  @Override
  public String name() {
    return "memory." + quantity.key;
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tasks", tasks);
    return p;
  }

  @Override
  public String label() {
    return name() + " tasks=" + tasks + " (" + quantity.description + ")";
  }

  @Override
  public String unit() {
    return "MiB";
  }

  @Override
  public boolean lowerIsBetter() {
    return true;
  }

  @Override
  public OptionalDouble targetRatio() {
    return target;
  }

  @Override
  public double measure(Target t, Session session) {
    return snapshots.apply(t, session).mib(quantity);
  }

  /** Memory rows have no operations to time: {@link #measure} reads their value. */
  @Override
  public Sample run(Target t, Session session) {
    throw new UnsupportedOperationException("a memory row is read with measure()");
  }
}
