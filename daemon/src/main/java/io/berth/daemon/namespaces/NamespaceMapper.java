package io.berth.daemon.namespaces;

import io.berth.api.services.namespaces.v1.Namespace;

/** Between the wire's {@code Namespace} and the {@link io.berth.metadata.Namespace} record. */
final class NamespaceMapper {

  private NamespaceMapper() {}

  static Namespace toProto(io.berth.metadata.Namespace n) {
    return Namespace.newBuilder().setName(n.name()).putAllLabels(n.labels()).build();
  }

  static io.berth.metadata.Namespace fromProto(Namespace n) {
    return new io.berth.metadata.Namespace(n.getName(), n.getLabelsMap());
  }
}
