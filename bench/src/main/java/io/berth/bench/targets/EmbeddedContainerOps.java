package io.berth.bench.targets;

import io.berth.daemon.Berth;
import io.berth.metadata.Container;
import io.berth.metadata.TypedValue;
import java.util.List;
import java.util.Map;

/**
 * {@link ContainerOps} on an embedded {@link Berth}: the same services berthd serves (store rules
 * and events) with no gRPC and no conversion to wire messages.
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
  public void create(String namespace, String id, Map<String, String> labels) {
    berth.containers().create(namespace,
        Container.builder(id).labels(labels).runtime(RUNTIME).spec(SPEC).build());
  }

  @Override
  public void get(String namespace, String id) {
    berth.containers().get(namespace, id);
  }

  @Override
  public void setLabel(String namespace, String id, String key, String value) {
    berth.containers().update(namespace, Container.builder(id).labels(Map.of(key, value)).build(),
        List.of("labels." + key));
  }

  @Override
  public int list(String namespace, String filter) {
    return berth.containers().list(namespace, filter.isEmpty() ? List.of() : List.of(filter))
        .size();
  }

  @Override
  public void delete(String namespace, String id) {
    berth.containers().delete(namespace, id);
  }

  @Override
  public void deleteNamespace(String namespace) {
    berth.namespaces().delete(namespace);
  }
}
