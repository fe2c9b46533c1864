package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.targets.Target;
import java.util.concurrent.ThreadLocalRandom;

/** Containers.Get of random ids in a populated namespace, for a fixed time. */
final class ContainerGet extends ContainerCalls {


  ContainerGet(int clients) {
    super("containers.get", clients);
  }

  @Override
  public Sample run(Target target, Session session) {
    int size = session.scale().fixture();
    String ns = session.populated(target, size);
    return Clients.forDuration(clients, target.callerThreads(clients), session.scale().measure(),
        c -> target.containers(c).get(ns, Session.id(ThreadLocalRandom.current().nextInt(size))));
  }
}
