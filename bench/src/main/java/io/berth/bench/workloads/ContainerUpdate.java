package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.run.Scale;
import io.berth.bench.targets.Target;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Containers.Update of one label ({@code labels.bench.updated}) on random containers of a
 * populated namespace, for a fixed time.
 */
final class ContainerUpdate implements Workload {

  static final String LABEL = "bench.updated";

  private final int clients;
  private final AtomicLong values = new AtomicLong();

  ContainerUpdate(int clients) {
    this.clients = clients;
  }

  @Override
  public String name() {
    return "containers.update";
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
      target.containers(c).setLabel(ns, Session.id(i), LABEL,
          Long.toString(values.incrementAndGet()));
    });
  }
}
