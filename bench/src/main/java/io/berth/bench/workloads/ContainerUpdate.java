package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.targets.Target;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Containers.Update of one label ({@code labels.bench.updated}) on random containers of a
 * populated namespace, for a fixed time.
 */
final class ContainerUpdate extends ContainerCalls {

  static final String LABEL = "bench.updated";

  private final AtomicLong values = new AtomicLong();

  ContainerUpdate(int clients) {
    super("containers.update", clients);
  }

  @Override
  public Sample run(Target target, Session session) {
    int size = session.scale().fixture();
    String ns = session.populated(target, size);
    return Clients.forDuration(clients, target.callerThreads(clients), session.scale().measure(),
        c -> target.containers(c).setLabel(ns,
            Session.id(ThreadLocalRandom.current().nextInt(size)), LABEL,
            Long.toString(values.incrementAndGet())));
  }
}
