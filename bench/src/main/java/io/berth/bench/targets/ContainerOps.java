package io.berth.bench.targets;

import java.util.Map;

/**
 * The container operations the workloads measure, as one client of one target performs them.
 * Every call either succeeds or throws (a gRPC status or a Berth exception); nothing is retried.
 * Containers get the same spec, runtime and options everywhere ({@link ContainerShape}); only
 * the id and labels vary.
 */
public interface ContainerOps {

  void create(String namespace, String id, Map<String, String> labels);

  void get(String namespace, String id);

  /** Sets one label with the field path {@code labels.<key>}. */
  void setLabel(String namespace, String id, String key, String value);

  /** Lists the namespace's containers matching {@code filter} ("" for all); returns the count. */
  int list(String namespace, String filter);

  void delete(String namespace, String id);

  /** Deletes an empty namespace. */
  void deleteNamespace(String namespace);
}
