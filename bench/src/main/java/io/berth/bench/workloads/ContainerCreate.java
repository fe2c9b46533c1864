package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.targets.Target;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Containers.Create into a fresh namespace, for a fixed time; the containers are removed after. */
final class ContainerCreate extends ContainerCalls {


  ContainerCreate(int clients) {
    super("containers.create", clients);
  }

  @Override
  public Sample run(Target target, Session session) {
    String ns = session.freshNamespace("create");
    AtomicInteger next = new AtomicInteger();
    Sample s = Clients.forDuration(clients, target.callerThreads(clients),
        session.scale().measure(), c -> {
          int i = next.getAndIncrement();
          return target.containers(c).create(ns, Session.id(i), Session.labels(i));
        });
    session.deleteAll(target, ns, IntStream.range(0, next.get()).mapToObj(Session::id).toList());
    return s;
  }
}
