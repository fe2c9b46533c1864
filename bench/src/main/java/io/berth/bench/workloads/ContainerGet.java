package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.run.Scale;
import io.berth.bench.targets.Target;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Containers.Get of random ids in a populated namespace, for a fixed time. */
final class ContainerGet implements Workload {

  private final int clients;

  ContainerGet(int clients) {
    this.clients = clients;
  }

  @Override
  public String name() {
    return "containers.get";
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("clients", clients);
  }

  @Override
  public Duration warmup(Scale scale) {
    return scale.warmup();
  }

  @Override
  public Sample run(Target target, Session session) {
    int size = session.scale().fixture();
    String ns = session.populated(target, size);
    return Clients.forDuration(clients, session.scale().measure(), c -> {
      int i = ThreadLocalRandom.current().nextInt(size);
      target.containers(c).get(ns, Session.id(i));
    });
  }
}
