package io.berth.bench.targets;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The container operations the workloads measure, as one client of one target performs them.
 * Each returns a stage that completes when the call has ended, successfully or with its error (a
 * gRPC status or a Berth exception); nothing is retried. A target says from how many threads its
 * callers are best driven ({@link Target#callerThreads}).
 * Containers get the same spec, runtime and options everywhere ({@link ContainerShape}); only
 * the id and labels vary.
 */
public interface ContainerOps {

  CompletionStage<?> create(String namespace, String id, Map<String, String> labels);

  CompletionStage<?> get(String namespace, String id);

  /** Sets one label with the field path {@code labels.<key>}. */
  CompletionStage<?> setLabel(String namespace, String id, String key, String value);

  /** Lists the namespace's containers matching {@code filter} ("" for all), as their count. */
  CompletionStage<Integer> list(String namespace, String filter);

  CompletionStage<?> delete(String namespace, String id);

  /** Deletes an empty namespace, and returns when it has. */
  void deleteNamespace(String namespace);
}
