package io.berth.daemon.snapshots;

import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.services.snapshots.v1.Kind;
import io.berth.api.types.Mount;
import io.berth.daemon.wire.Timestamps;
import java.util.List;

/**
 * Between the wire's snapshot types and {@link io.berth.snapshots.Info} /
 * {@link io.berth.mount.Mount}, as containerd's snapshots service converts them: mounts carry
 * type, source and options; an Update reads only the name and the labels of its Info.
 */
final class SnapshotMapper {

  private SnapshotMapper() {}

  static Info toProto(io.berth.snapshots.Info info) {
    return Info.newBuilder()
        .setName(info.name())
        .setParent(info.parent())
        .setKind(kind(info.kind()))
        .setCreatedAt(Timestamps.toProto(info.created()))
        .setUpdatedAt(Timestamps.toProto(info.updated()))
        .putAllLabels(info.labels())
        .build();
  }

  static Kind kind(io.berth.snapshots.Kind kind) {
    return switch (kind) {
      case VIEW -> Kind.VIEW;
      case ACTIVE -> Kind.ACTIVE;
      case COMMITTED -> Kind.COMMITTED;
    };
  }

  /** The argument of an Update: name and labels (the rest is immutable and not read). */
  static io.berth.snapshots.Info forUpdate(Info info) {
    return io.berth.snapshots.Info.forUpdate(info.getName(), info.getLabelsMap());
  }

  static List<Mount> toProto(List<io.berth.mount.Mount> mounts) {
    return mounts.stream().map(m -> Mount.newBuilder()
        .setType(m.type())
        .setSource(m.source())
        .setTarget(m.target())
        .addAllOptions(m.options())
        .build()).toList();
  }
}
