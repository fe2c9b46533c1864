package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Sample;
import io.berth.bench.targets.Target;
import java.util.List;
import java.util.stream.IntStream;

/** Containers.Delete of a fixed number of containers created (untimed) just before. */
final class ContainerDelete extends ContainerCalls {


  ContainerDelete(int clients) {
    super("containers.delete", clients);
  }

  @Override
  public Sample run(Target target, Session session) {
    String ns = session.freshNamespace("delete");
    List<Integer> indexes = IntStream.range(0, session.scale().deletes()).boxed().toList();
    session.createAll(target, ns, indexes);
    List<String> ids = indexes.stream().map(Session::id).toList();
    Sample s = Clients.forEach(clients, target.callerThreads(clients), ids,
        (c, id) -> target.containers(c).delete(ns, id));
    target.containers(0).deleteNamespace(ns);
    return s;
  }
}
