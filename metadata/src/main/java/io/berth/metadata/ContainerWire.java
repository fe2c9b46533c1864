package io.berth.metadata;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.berth.metadata.stored.ContainerRecord;
import java.io.IOException;

/**
 * Re-encodes a stored {@code ContainerRecord} as containerd's wire {@code Container}
 * ({@code containerd.services.containers.v1}) without decoding it: the two messages share their
 * encodings field by field, so most fields are copied as bytes.
 *
 * <ul>
 *   <li>the id, which the record leaves to the key, becomes field 1;
 *   <li>labels and image move from fields 1 and 2 to 2 and 3;
 *   <li>runtime_name (3) and runtime_options (4) become the {@code Runtime} message (4), which is
 *       always sent, as {@code ContainerMapper.toProto} does;
 *   <li>spec, snapshotter, snapshot_key, created_at, updated_at and extensions keep their numbers
 *       and encodings (a {@code TypedValueRecord} is encoded exactly as an {@code Any}).
 * </ul>
 *
 * <p>{@link #of} reads the record once to size the result; {@link #writeTo} then writes it, so a
 * caller can place it, e.g. inside a response, without an intermediate copy.
 */
final class ContainerWire {

  // containerd's Container and Container.Runtime field numbers.
  private static final int ID = 1;
  private static final int LABELS = 2;
  private static final int IMAGE = 3;
  private static final int RUNTIME = 4;
  private static final int RUNTIME_NAME = 1;
  private static final int RUNTIME_OPTIONS = 2;

  private final String id;
  private final byte[] record;
  private final int length;
  // Where the runtime's fields lie in the record (after their tags; -1 when absent).
  private final int nameStart;
  private final int nameEnd;
  private final int optionsStart;
  private final int optionsEnd;
  private final int runtimeSize;
  private final int size;

  private ContainerWire(String id, byte[] record, int length, int nameStart, int nameEnd,
      int optionsStart, int optionsEnd) {
    this.id = id;
    this.record = record;
    this.length = length;
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.optionsStart = optionsStart;
    this.optionsEnd = optionsEnd;
    // The runtime's fields move into the Runtime message with tags of the same size (1 byte),
    // which adds that message's own tag and length to the record's size.
    this.runtimeSize = (nameStart < 0 ? 0 : 1 + nameEnd - nameStart)
        + (optionsStart < 0 ? 0 : 1 + optionsEnd - optionsStart);
    this.size = CodedOutputStream.computeStringSize(ID, id) + length + 1
        + CodedOutputStream.computeUInt32SizeNoTag(runtimeSize);
  }

  /**
   * The wire form of container {@code id} stored as the first {@code length} bytes of {@code
   * record}, which must not change until it is written.
   *
   * @throws InvalidProtocolBufferException if the bytes are not a record
   */
  static ContainerWire of(String id, byte[] record, int length)
      throws InvalidProtocolBufferException {
    int nameStart = -1;
    int nameEnd = -1;
    int optionsStart = -1;
    int optionsEnd = -1;
    CodedInputStream in = CodedInputStream.newInstance(record, 0, length);
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int start = in.getTotalBytesRead();
        in.skipField(tag);
        switch (WireFormat.getTagFieldNumber(tag)) {
          case ContainerRecord.RUNTIME_NAME_FIELD_NUMBER -> {
            nameStart = start;
            nameEnd = in.getTotalBytesRead();
          }
          case ContainerRecord.RUNTIME_OPTIONS_FIELD_NUMBER -> {
            optionsStart = start;
            optionsEnd = in.getTotalBytesRead();
          }
          default -> { }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return new ContainerWire(id, record, length, nameStart, nameEnd, optionsStart, optionsEnd);
  }

  /** The size of the wire message in bytes. */
  int size() {
    return size;
  }

  /** Writes the wire message ({@link #size()} bytes, no length prefix). */
  void writeTo(CodedOutputStream w) throws InvalidProtocolBufferException {
    try {
      w.writeString(ID, id);
      CodedInputStream in = CodedInputStream.newInstance(record, 0, length);
      boolean runtimeWritten = false;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        int start = in.getTotalBytesRead();
        in.skipField(tag);
        int end = in.getTotalBytesRead();
        switch (field) {
          case ContainerRecord.LABELS_FIELD_NUMBER -> copy(w, LABELS, tag, start, end);
          case ContainerRecord.IMAGE_FIELD_NUMBER -> copy(w, IMAGE, tag, start, end);
          case ContainerRecord.RUNTIME_NAME_FIELD_NUMBER,
              ContainerRecord.RUNTIME_OPTIONS_FIELD_NUMBER -> {
            if (!runtimeWritten) {
              runtimeWritten = true;
              writeRuntime(w);
            }
          }
          default -> {
            w.writeRawVarint32(tag);
            w.writeRawBytes(record, start, end - start);
          }
        }
      }
      if (!runtimeWritten) {
        writeRuntime(w);
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }

  /**
   * Writes the record's field body {@code [start, end)} under {@code field}, keeping its wire
   * type (the tag's size is the same: both field numbers are below 16).
   */
  private void copy(CodedOutputStream w, int field, int tag, int start, int end)
      throws IOException {
    w.writeTag(field, WireFormat.getTagWireType(tag));
    w.writeRawBytes(record, start, end - start);
  }

  private void writeRuntime(CodedOutputStream w) throws IOException {
    w.writeTag(RUNTIME, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    w.writeUInt32NoTag(runtimeSize);
    if (nameStart >= 0) {
      w.writeTag(RUNTIME_NAME, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      w.writeRawBytes(record, nameStart, nameEnd - nameStart);
    }
    if (optionsStart >= 0) {
      w.writeTag(RUNTIME_OPTIONS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      w.writeRawBytes(record, optionsStart, optionsEnd - optionsStart);
    }
  }
}
