package io.berth.bench.workloads.tasks;

import io.berth.bench.targets.RemoteTarget;

/**
 * Snapshots of a daemon with no task: the task rows come first in the report, so these are
 * taken on freshly started daemons, before any other workload has grown their heaps. The first
 * (the runner's warm-up) waits for the daemon to settle after its start-up; the next ones follow
 * {@value #INTERVAL_MILLIS} ms apart.
 */
final class IdleMemory {

  static final long SETTLE_MILLIS = 3000;
  static final long INTERVAL_MILLIS = 300;

  private IdleMemory() {}

  static SharedBatches<MemorySnapshot> batches() {
    return new SharedBatches<>((target, session, index) -> {
      TaskScope.sleep(index == 0 ? SETTLE_MILLIS : INTERVAL_MILLIS);
      return MemorySnapshot.take(((RemoteTarget) target).daemon());
    });
  }
}
