package io.berth.bench.workloads.tasks;

import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.workloads.Session;
import java.util.Optional;

/**
 * Operations on one running task ({@code /bin/sleep}, started with {@code ctr run -d}, untimed):
 * {@code runs} execs of {@code /bin/true} ({@code ctr tasks exec --exec-id ...}, each timed until
 * ctr returns with the exec's exit status), then {@code runs} pause+resume cycles ({@code ctr
 * tasks pause} then {@code ctr tasks resume}, timed together). One untimed exec and cycle come
 * first: the task's shim is new in each batch. The exec and pause rows read the same batches;
 * if pausing fails, only the pause row fails. The discarded warm-up batch makes {@value
 * #WARM_UP_RUNS} of each.
 *
 * @param execNanos each timed exec
 * @param pauseResumeNanos each timed cycle, or why pausing failed
 */
record TaskOps(long[] execNanos, Optional<long[]> pauseResumeNanos, Optional<String> pauseError) {

  /** The runs of the discarded warm-up batch. */
  static final int WARM_UP_RUNS = 3;

  static SharedBatches<TaskOps> batches(int runs) {
    return new SharedBatches<>((target, session, index) -> measure((RemoteTarget) target,
        session, index == 0 ? Math.min(WARM_UP_RUNS, runs) : runs));
  }

  static TaskOps measure(RemoteTarget target, Session session, int runs) {
    try (TaskScope scope = TaskScope.open(target, session)) {
      Ctr ctr = scope.ctr();
      String id = "ops";
      ctr.time("run", "-d", "--rootfs", scope.rootfs(), id, "/bin/sleep", "1000000");
      long[] exec = new long[runs];
      ctr.time("tasks", "exec", "--exec-id", "warm", id, "/bin/true");
      for (int i = 0; i < runs; i++) {
        exec[i] = ctr.time("tasks", "exec", "--exec-id", "e" + i, id, "/bin/true");
      }
      long[] cycles = new long[runs];
      try {
        for (int i = -1; i < runs; i++) {
          long pause = ctr.time("tasks", "pause", id);
          long resume = ctr.time("tasks", "resume", id);
          if (i >= 0) {
            cycles[i] = pause + resume;
          }
        }
      } catch (WorkloadFailure e) {
        return new TaskOps(exec, Optional.empty(), Optional.of(e.getMessage()));
      }
      return new TaskOps(exec, Optional.of(cycles), Optional.empty());
    }
  }
}
