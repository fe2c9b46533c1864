package io.berth.bench.workloads.tasks;

import io.berth.bench.report.Row;
import io.berth.bench.run.Scale;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.targets.Target;
import io.berth.bench.workloads.Workload;

/**
 * What the task and memory rows have in common: they run on the two daemons (tasks need a
 * daemon), and each repetition starts containers, so they record {@link Scale#taskRepetitions()}.
 */
interface TaskWorkload extends Workload {

  @Override
  default boolean supports(Target target) {
    return target instanceof RemoteTarget
        && (target.name().equals(Row.BERTH) || target.name().equals(Row.CONTAINERD));
  }

  @Override
  default int repetitions(Scale scale) {
    return scale.taskRepetitions();
  }
}
