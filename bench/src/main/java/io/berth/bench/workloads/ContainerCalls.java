package io.berth.bench.workloads;

import io.berth.bench.run.Scale;
import java.time.Duration;
import java.util.Map;

/**
 * What the single-call container workloads (create, get, update, delete) share: a name, a number
 * of concurrent clients as their one parameter, and the metadata warm-up.
 */
abstract class ContainerCalls implements Workload {

  private final String name;
  final int clients;

  ContainerCalls(String name, int clients) {
    this.name = name;
    this.clients = clients;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Map<String, Object> parameters() {
    return Map.of("clients", clients);
  }

  @Override
  public final Duration warmup(Scale scale) {
    return scale.warmup();
  }
}
