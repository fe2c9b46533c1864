package io.berth.snapshots.storage;

import io.berth.api.errors.UnknownException;
import io.berth.snapshots.Kind;
import io.berth.snapshots.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte form of a {@link SnapshotRecord}, big-endian: format byte (1), id (8), kind proto
 * number (1), parent (string), created seconds (8) and nanoseconds (4), updated likewise, usage
 * size (8) and inodes (8), label count (4), then key and value strings in key order. A string is
 * its UTF-8 length (4) and bytes.
 */
final class RecordCodec {

  private static final int FORMAT = 1;

  private RecordCodec() {}

  static byte[] encode(SnapshotRecord r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeLong(r.id());
      out.writeByte(r.kind().proto());
      writeString(out, r.parent());
      writeInstant(out, r.created());
      writeInstant(out, r.updated());
      out.writeLong(r.usage().size());
      out.writeLong(r.usage().inodes());
      Map<String, String> sorted = new TreeMap<>(r.labels());
      out.writeInt(sorted.size());
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  static SnapshotRecord decode(String name, byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IOException("unknown record format " + format);
      }
      long id = in.readLong();
      int kindValue = in.readUnsignedByte();
      Kind kind = Kind.fromProto(kindValue)
          .orElseThrow(() -> new IOException("unknown kind " + kindValue));
      String parent = readString(in);
      Instant created = readInstant(in);
      Instant updated = readInstant(in);
      Usage usage = new Usage(in.readLong(), in.readLong());
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("negative label count");
      }
      Map<String, String> labels = new HashMap<>();
      for (int i = 0; i < count; i++) {
        labels.put(readString(in), readString(in));
      }
      if (in.available() != 0) {
        throw new IOException(in.available() + " trailing bytes");
      }
      return new SnapshotRecord(id, kind, parent, labels, created, updated, usage);
    } catch (IOException | RuntimeException e) {
      throw new UnknownException("snapshot metadata record of " + name + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("bad string length " + n);
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
