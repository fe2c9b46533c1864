package io.berth.bench.workloads;

import io.berth.bench.run.Scale;
import java.util.ArrayList;
import java.util.List;

/** The snapshot workloads (issue 3), in report order; {@link Workloads} lists them. */
final class SnapshotWorkloads {

  private SnapshotWorkloads() {}

  /** Concurrent client counts of the prepare-commit-remove cycle. */
  static final List<Integer> CYCLE_CLIENTS = List.of(1, 4);

  /** Committed layers under the snapshot that is prepared and mounted. */
  static final int CHAIN_LAYERS = 128;

  static List<Workload> all(Scale scale) {
    List<Workload> all = new ArrayList<>();
    for (int c : CYCLE_CLIENTS) {
      if (c <= scale.maxClients()) {
        all.add(new SnapshotCycle(c));
      }
    }
    all.add(new SnapshotChainMount(CHAIN_LAYERS));
    return List.copyOf(all);
  }
}
