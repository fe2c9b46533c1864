package io.berth.bench.workloads;

import io.berth.bench.run.Scale;
import io.berth.bench.workloads.tasks.TaskWorkloads;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry: every workload the benchmark runs, in report order. The task and memory rows come
 * first, so that the daemons they measure have not been grown by the metadata workloads.
 */
public final class Workloads {

  private Workloads() {}

  /** Concurrent client counts of the container workloads. */
  static final List<Integer> CLIENTS = List.of(1, 16);

  /** Subscriber counts of the event workload. */
  static final List<Integer> SUBSCRIBERS = List.of(1, 10);

  public static List<Workload> all(Scale scale) {
    List<Workload> all = new ArrayList<>(TaskWorkloads.all(scale));
    for (int c : clients(scale)) {
      all.add(new ContainerCreate(c));
    }
    for (int c : clients(scale)) {
      all.add(new ContainerGet(c));
    }
    for (int c : clients(scale)) {
      all.add(new ContainerUpdate(c));
    }
    for (boolean filtered : List.of(false, true)) {
      for (int size : scale.listSizes()) {
        for (int c : clients(scale)) {
          all.add(new ContainerList(size, filtered, c));
        }
      }
    }
    for (int c : clients(scale)) {
      all.add(new ContainerDelete(c));
    }
    for (int s : SUBSCRIBERS) {
      all.add(new EventDelivery(s));
    }
    all.addAll(SnapshotWorkloads.all(scale));
    all.addAll(RuntimeWorkloads.all(scale));
    return List.copyOf(all);
  }

  private static List<Integer> clients(Scale scale) {
    return CLIENTS.stream().filter(c -> c <= scale.maxClients()).toList();
  }
}
