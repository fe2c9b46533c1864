package io.berth.bench.targets;

import io.berth.daemon.Berth;
import io.berth.metadata.Container;
import io.berth.metadata.TypedValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link ContainerOps} on an embedded {@link Berth}: the same services berthd serves (store rules
 * and events) with no gRPC and no conversion to wire messages. Every call is made on the caller's
 * thread and has ended when it returns.
 */
final class EmbeddedContainerOps implements ContainerOps {

  private static final TypedValue SPEC =
      new TypedValue(ContainerShape.SPEC_TYPE_URL, ContainerShape.spec());

  private static final Container.Runtime RUNTIME = new Container.Runtime(
      ContainerShape.RUNTIME, new TypedValue(ContainerShape.RUNC_OPTIONS_TYPE_URL, new byte[0]));

  private final Berth berth;

  EmbeddedContainerOps(Berth berth) {
    this.berth = berth;
  }

  @Override
  public CompletionStage<?> create(String namespace, String id, Map<String, String> labels) {
    berth.containers().create(namespace,
        Container.builder(id).labels(labels).runtime(RUNTIME).spec(SPEC).build());
    return DONE;
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  @Override
  public CompletionStage<?> get(String namespace, String id) {
    berth.containers().get(namespace, id);
    return DONE;
  }

  @Override
  public CompletionStage<?> setLabel(String namespace, String id, String key, String value) {
    berth.containers().update(namespace, Container.builder(id).labels(Map.of(key, value)).build(),
        List.of("labels." + key));
    return DONE;
  }

  @Override
  public CompletionStage<Integer> list(String namespace, String filter) {
    return CompletableFuture.completedFuture(berth.containers()
        .list(namespace, filter.isEmpty() ? List.of() : List.of(filter)).size());
  }

  @Override
  public CompletionStage<?> delete(String namespace, String id) {
    berth.containers().delete(namespace, id);
    return DONE;
  }

  @Override
  public void deleteNamespace(String namespace) {
    berth.namespaces().delete(namespace);
  }
}
