package io.berth.bench.workloads.tasks;

import io.berth.api.types.task.Process;
import io.berth.api.types.task.Status;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.workloads.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@value #TASKS} detached tasks started at once ({@code ctr run -d} x {@value #TASKS}, in
 * parallel), then left running while the memory of the daemon and its shims is read, then
 * removed. One batch serves the start-time row and the memory rows. If some of the parallel
 * starts fail (a daemon may time out under the load), the start row fails, and the missing
 * tasks are started again one by one (untimed) so that the memory is still read with
 * {@value #TASKS} tasks. The discarded warm-up batch starts {@value #WARM_UP_TASKS} tasks.
 *
 * @param wallNanos from the first ctr's start until the last ctr has returned (every task then
 *     runs: ctr run -d returns once its task has started); empty if a start failed
 * @param startError why a parallel start failed
 * @param memory the daemon and its shims {@link #SETTLE_MILLIS} ms after all tasks ran
 */
record Fleet(Optional<Long> wallNanos, Optional<String> startError, MemorySnapshot memory) {

  static final int TASKS = 20;

  static final int WARM_UP_TASKS = 4;

  /** Let the new shims finish starting up (JVM shims load and compile for a while). */
  static final long SETTLE_MILLIS = 2000;

  static SharedBatches<Fleet> batches() {
    return new SharedBatches<>((target, session, index) -> start((RemoteTarget) target,
        session, index == 0 ? WARM_UP_TASKS : TASKS));
  }

  static Fleet start(RemoteTarget target, Session session, int n) {
    try (TaskScope scope = TaskScope.open(target, session)) {
      List<Ctr.Running> ctrs = new ArrayList<>();
      List<Integer> failed = new ArrayList<>();
      String error = null;
      long t0 = System.nanoTime();
      long end = t0;
      try {
        for (int i = 0; i < n; i++) {
          ctrs.add(scope.ctr().start(run(scope, "f-" + i)));
        }
        for (int i = 0; i < n; i++) {
          try {
            ctrs.get(i).await();
            end = Math.max(end, ctrs.get(i).ended());
          } catch (WorkloadFailure e) {
            failed.add(i);
            error = error != null ? error : e.getMessage();
          }
        }
      } finally {
        ctrs.forEach(Ctr.Running::kill);
      }
      for (int i : failed) {
        scope.ctr().time(run(scope, "f-" + i + "-again"));
      }
      List<Process> tasks = scope.tasks();
      long running = tasks.stream().filter(p -> p.getStatus() == Status.RUNNING).count();
      if (running != n) {
        throw new WorkloadFailure(running + " of " + n + " tasks run after ctr run -d: "
            + tasks.stream().map(p -> TaskScope.containerId(p) + " " + p.getStatus()).toList());
      }
      TaskScope.sleep(SETTLE_MILLIS);
      MemorySnapshot memory = MemorySnapshot.take(target.daemon());
      if (memory.shims().size() < n) {
        throw new WorkloadFailure("found " + memory.shims().size() + " shims of "
            + target.name() + " for " + n + " running tasks");
      }
      return error == null
          ? new Fleet(Optional.of(end - t0), Optional.empty(), memory)
          : new Fleet(Optional.empty(), Optional.of(failed.size() + " of " + n
              + " parallel starts failed; the first: " + error), memory);
    }
  }

  private static String[] run(TaskScope scope, String id) {
    return new String[] {"run", "-d", "--rootfs", scope.rootfs(), id, "/bin/sleep", "1000000"};
  }
}
