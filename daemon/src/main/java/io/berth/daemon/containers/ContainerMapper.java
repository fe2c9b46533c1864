package io.berth.daemon.containers;

import io.berth.api.services.containers.v1.Container;
import io.berth.daemon.wire.Timestamps;
import io.berth.daemon.wire.TypedValues;

/**
 * Between the wire's {@code Container} and the {@link io.berth.metadata.Container} record, as
 * containerd converts them: the runtime is always sent, its options and the spec only when set;
 * client-sent timestamps are not read (the store sets them).
 */
final class ContainerMapper {

  private ContainerMapper() {}

  static io.berth.metadata.Container fromProto(Container c) {
    io.berth.metadata.Container.Builder b = io.berth.metadata.Container.builder(c.getId())
        .labels(c.getLabelsMap())
        .image(c.getImage())
        .snapshotter(c.getSnapshotter())
        .snapshotKey(c.getSnapshotKey())
        .extensions(TypedValues.fromProto(c.getExtensionsMap()));
    if (c.hasRuntime()) {
      Container.Runtime r = c.getRuntime();
      b.runtime(r.getName(), r.hasOptions() ? TypedValues.fromProto(r.getOptions()) : null);
    }
    if (c.hasSpec()) {
      b.spec(TypedValues.fromProto(c.getSpec()));
    }
    return b.build();
  }

  static Container toProto(io.berth.metadata.Container c) {
    Container.Runtime.Builder runtime = Container.Runtime.newBuilder()
        .setName(c.runtime().name());
    if (c.runtime().options() != null) {
      runtime.setOptions(TypedValues.toProto(c.runtime().options()));
    }
    Container.Builder b = Container.newBuilder()
        .setId(c.id())
        .putAllLabels(c.labels())
        .setImage(c.image())
        .setRuntime(runtime)
        .setSnapshotter(c.snapshotter())
        .setSnapshotKey(c.snapshotKey())
        .putAllExtensions(TypedValues.toProto(c.extensions()));
    if (c.spec() != null) {
      b.setSpec(TypedValues.toProto(c.spec()));
    }
    if (c.createdAt() != null) {
      b.setCreatedAt(Timestamps.toProto(c.createdAt()));
    }
    if (c.updatedAt() != null) {
      b.setUpdatedAt(Timestamps.toProto(c.updatedAt()));
    }
    return b.build();
  }
}
