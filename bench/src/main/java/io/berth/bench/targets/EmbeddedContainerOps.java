package io.berth.bench.targets;

import io.berth.metadata.Container;
import io.berth.metadata.MetadataDb;
import io.berth.metadata.TypedValue;
import java.util.List;
import java.util.Map;

/** {@link ContainerOps} straight on the metadata stores: no gRPC, no serialization to the wire. */
final class EmbeddedContainerOps implements ContainerOps {

  private static final TypedValue SPEC =
      new TypedValue(ContainerShape.SPEC_TYPE_URL, ContainerShape.spec());

  private static final Container.Runtime RUNTIME = new Container.Runtime(
      ContainerShape.RUNTIME, new TypedValue(ContainerShape.RUNC_OPTIONS_TYPE_URL, new byte[0]));

  private final MetadataDb db;

  EmbeddedContainerOps(MetadataDb db) {
    this.db = db;
  }

  @Override
  public void create(String namespace, String id, Map<String, String> labels) {
    db.containers().create(namespace,
        Container.builder(id).labels(labels).runtime(RUNTIME).spec(SPEC).build());
  }

  @Override
  public void get(String namespace, String id) {
    db.containers().get(namespace, id);
  }

  @Override
  public void setLabel(String namespace, String id, String key, String value) {
    db.containers().update(namespace, Container.builder(id).labels(Map.of(key, value)).build(),
        List.of("labels." + key));
  }

  @Override
  public int list(String namespace, String filter) {
    return filter.isEmpty()
        ? db.containers().list(namespace).size()
        : db.containers().list(namespace, filter).size();
  }

  @Override
  public void delete(String namespace, String id) {
    db.containers().delete(namespace, id);
  }

  @Override
  public void deleteNamespace(String namespace) {
    db.namespaces().delete(namespace);
  }
}
