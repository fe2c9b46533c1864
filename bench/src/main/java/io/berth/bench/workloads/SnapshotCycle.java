package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.targets.Target;
import io.berth.mount.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Snapshot cycles per second through each daemon's Snapshots service (overlayfs): one cycle is
 * Prepare of a fresh key with no parent, Commit of it under a fresh name, and Remove of that
 * committed snapshot. The clients share a fresh namespace, which is emptied and deleted after the
 * timed section (also when it failed).
 */
final class SnapshotCycle implements Workload {

  private final int clients;

  SnapshotCycle(int clients) {
    this.clients = clients;
  }

  @Override
  public String name() {
    return "snapshots.prepare-commit-remove";
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("clients", clients);
  }

  @Override
  public String unit() {
    return "cycles/s";
  }

  @Override
  public boolean supports(Target target) {
    return target instanceof RemoteTarget r && r.maxClients() >= clients;
  }

  @Override
  public Sample run(Target target, Session session) {
    RemoteTarget remote = (RemoteTarget) target;
    String ns = session.freshNamespace("snapcycle");
    List<SnapshotCalls> calls = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      calls.add(new SnapshotCalls(remote, c, ns));
    }
    AtomicInteger next = new AtomicInteger();
    Sample sample;
    try {
      sample = Clients.forDuration(clients, session.scale().measure(), c -> {
        int i = next.getAndIncrement();
        String key = "active-" + i;
        String name = "committed-" + i;
        SnapshotCalls snapshots = calls.get(c);
        List<Mount> mounts = snapshots.prepare(key, "");
        if (mounts.isEmpty()) {
          throw new WorkloadFailure(target.name() + " prepared " + key + " with no mounts");
        }
        snapshots.commit(name, key);
        snapshots.remove(name);
      });
    } catch (RuntimeException e) {
      try {
        calls.getFirst().removeEverything(ns);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    calls.getFirst().removeEverything(ns);
    return sample;
  }
}
