package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.run.Scale;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Containers.List of a populated namespace of a given size, for a fixed time: all containers,
 * or those of one random group ({@code labels."bench.group"==gN}, 1% of them). Every answer's
 * count is checked, so a target that filtered wrongly fails rather than looking fast.
 */
final class ContainerList implements Workload {

  private final int size;
  private final boolean filtered;
  private final int clients;

  ContainerList(int size, boolean filtered, int clients) {
    this.size = size;
    this.filtered = filtered;
    this.clients = clients;
  }

  @Override
  public String name() {
    return filtered ? "containers.list.filtered" : "containers.list";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("containers", size);
    p.put("clients", clients);
    return p;
  }

  /**
   * The scale's warm-up, four times over for lists of 10,000 or more: at one client such a list
   * row was measured 3-5 s after its namespace was filled, while both JVMs (berthd's and the
   * client's) were still sizing their heaps for 10 MB answers, and its rate varied threefold
   * between runs (a probe client took ~15 s to reach a steady rate).
   */
  @Override
  public Duration warmup(Scale scale) {
    return size >= 10_000 ? scale.warmup().multipliedBy(4) : scale.warmup();
  }

  @Override
  public Sample run(Target target, Session session) {
    String ns = session.populated(target, size);
    return Clients.forDuration(clients, target.callerThreads(clients), session.scale().measure(),
        c -> {
          int group = ThreadLocalRandom.current().nextInt(Session.GROUPS);
          String filter = filtered ? "labels.\"" + Session.GROUP_LABEL + "\"==g" + group : "";
          int expected = filtered ? inGroup(group) : size;
          return target.containers(c).list(ns, filter).thenAccept(got -> {
            if (got != expected) {
              throw new WorkloadFailure(target.name() + " listed " + got
                  + " containers for filter \"" + filter + "\" in a namespace of " + size
                  + "; expected " + expected);
            }
          });
        });
  }

  private int inGroup(int group) {
    return size / Session.GROUPS + (group < size % Session.GROUPS ? 1 : 0);
  }
}
