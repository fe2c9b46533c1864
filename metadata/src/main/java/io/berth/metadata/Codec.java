package io.berth.metadata;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.berth.api.errors.UnknownException;
import io.berth.metadata.stored.ContainerRecord;
import io.berth.metadata.stored.LeaseRecord;
import io.berth.metadata.stored.NamespaceRecord;
import io.berth.metadata.stored.SchemaRecord;
import io.berth.metadata.stored.TypedValueRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Converts between the public records and the protobuf records stored as values. */
final class Codec {

  private Codec() {}

  /** Parses a stored value; a value that does not parse is reported with its key. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  private static <T> T parse(Parser<T> parser, byte[] key, byte[] value) {
    try {
      return parser.parse(value);
    } catch (InvalidProtocolBufferException e) {
      throw new UnknownException("metadata store: corrupt record at " + Keys.text(key) + ": "
          + e.getMessage(), e);
    }
  }

  static byte[] schema(int version) {
    return SchemaRecord.newBuilder().setVersion(version).build().toByteArray();
  }

  static int schemaVersion(byte[] key, byte[] value) {
    return parse(SchemaRecord::parseFrom, key, value).getVersion();
  }

  static NamespaceRecord namespace(byte[] key, byte[] value) {
    return parse(NamespaceRecord::parseFrom, key, value);
  }

  static byte[] container(Container c) {
    ContainerRecord.Builder b = ContainerRecord.newBuilder()
        .putAllLabels(c.labels())
        .setImage(c.image())
        .setRuntimeName(c.runtime().name())
        .setSnapshotter(c.snapshotter())
        .setSnapshotKey(c.snapshotKey())
        .setCreatedAt(timestamp(c.createdAt()))
        .setUpdatedAt(timestamp(c.updatedAt()));
    if (c.runtime().options() != null) {
      b.setRuntimeOptions(typed(c.runtime().options()));
    }
    if (c.spec() != null) {
      b.setSpec(typed(c.spec()));
    }
    c.extensions().forEach((k, v) -> b.putExtensions(k, typed(v)));
    return b.build().toByteArray();
  }

  static Container container(String id, byte[] key, byte[] value) {
    ContainerRecord r = parse(ContainerRecord::parseFrom, key, value);
    Map<String, TypedValue> extensions = new LinkedHashMap<>();
    r.getExtensionsMap().forEach((k, v) -> extensions.put(k, typed(v)));
    return new Container(
        id,
        r.getLabelsMap(),
        r.getImage(),
        new Container.Runtime(r.getRuntimeName(),
            r.hasRuntimeOptions() ? typed(r.getRuntimeOptions()) : null),
        r.hasSpec() ? typed(r.getSpec()) : null,
        r.getSnapshotter(),
        r.getSnapshotKey(),
        instant(r.getCreatedAt()),
        instant(r.getUpdatedAt()),
        extensions);
  }

  /** The stored container as the one field {@code field} of a message (see {@link Embedding}). */
  static ByteString embedded(int field, String id, byte[] key, byte[] value) {
    return parse(v -> Embedding.of(field, ContainerWire.of(id, v, v.length)), key, value);
  }

  /** Adds the container stored as {@code value[0, length)} to {@code out}. */
  static void embed(Embedding out, String id, byte[] key, byte[] value, int length) {
    parse(v -> {
      out.add(ContainerWire.of(id, v, length));
      return null;
    }, key, value);
  }

  /** The filterable fields of a container stored as {@code value[0, length)}. */
  static ContainerAdaptor containerFields(String id, byte[] key, byte[] value, int length) {
    return parse(v -> ContainerAdaptor.read(id, v, length), key, value);
  }

  static byte[] lease(Lease l) {
    return LeaseRecord.newBuilder()
        .setCreatedAt(timestamp(l.createdAt()))
        .putAllLabels(l.labels())
        .build()
        .toByteArray();
  }

  static Lease lease(String id, byte[] key, byte[] value) {
    LeaseRecord r = parse(LeaseRecord::parseFrom, key, value);
    return new Lease(id, instant(r.getCreatedAt()), r.getLabelsMap());
  }

  private static TypedValueRecord typed(TypedValue v) {
    return TypedValueRecord.newBuilder()
        .setTypeUrl(v.typeUrl())
        .setValue(v.bytes())
        .build();
  }

  private static TypedValue typed(TypedValueRecord r) {
    return TypedValue.of(r.getTypeUrl(), r.getValue());
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
