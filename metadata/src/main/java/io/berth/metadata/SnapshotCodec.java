package io.berth.metadata;

import com.google.protobuf.InvalidProtocolBufferException;
import io.berth.api.errors.UnknownException;
import io.berth.metadata.stored.SnapshotRecord;
import io.berth.snapshots.Info;
import io.berth.snapshots.Kind;

/** Converts snapshot entries to and from the stored {@link SnapshotRecord}. */
final class SnapshotCodec {

  private SnapshotCodec() {}

  static byte[] encode(SnapshotEntry e) {
    Info info = e.info();
    return SnapshotRecord.newBuilder()
        .setBackendKey(e.backendKey())
        .setParent(info.parent())
        .setKind(info.kind().proto())
        .putAllLabels(info.labels())
        .setCreatedAt(Codec.timestamp(info.created()))
        .setUpdatedAt(Codec.timestamp(info.updated()))
        .build()
        .toByteArray();
  }

  static SnapshotEntry decode(String name, byte[] key, byte[] value) {
    SnapshotRecord r;
    try {
      r = SnapshotRecord.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw corrupt(key, e.getMessage(), e);
    }
    Kind kind = Kind.fromProto(r.getKind())
        .orElseThrow(() -> corrupt(key, "unknown snapshot kind " + r.getKind(), null));
    if (r.getBackendKey().isEmpty()) {
      throw corrupt(key, "no backend key", null);
    }
    Info info = new Info(name, r.getParent(), kind, r.getLabelsMap(),
        Codec.instant(r.getCreatedAt()), Codec.instant(r.getUpdatedAt()));
    return new SnapshotEntry(info, r.getBackendKey());
  }

  private static UnknownException corrupt(byte[] key, String why, Throwable cause) {
    return new UnknownException(
        "metadata store: corrupt snapshot record at " + Keys.text(key) + ": " + why, cause);
  }
}
