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
 */
final class ContainerWire {

  // containerd's Container and Container.Runtime field numbers.
  private static final int ID = 1;
  private static final int LABELS = 2;
  private static final int IMAGE = 3;
  private static final int RUNTIME = 4;
  private static final int RUNTIME_NAME = 1;
  private static final int RUNTIME_OPTIONS = 2;

  private ContainerWire() {}

  /**
   * The wire {@code Container} of the stored record {@code record} of container {@code id}.
   *
   * @throws InvalidProtocolBufferException if {@code record} is not a record
   */
  static byte[] encode(String id, byte[] record) throws InvalidProtocolBufferException {
    // Pass 1: find the runtime's parts (they become one nested message) and check the record.
    int nameStart = -1;
    int nameEnd = -1;
    int optionsStart = -1;
    int optionsEnd = -1;
    CodedInputStream in = CodedInputStream.newInstance(record);
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int start = in.getTotalBytesRead();
        switch (WireFormat.getTagFieldNumber(tag)) {
          case ContainerRecord.RUNTIME_NAME_FIELD_NUMBER -> {
            in.skipField(tag);
            nameStart = start;
            nameEnd = in.getTotalBytesRead();
          }
          case ContainerRecord.RUNTIME_OPTIONS_FIELD_NUMBER -> {
            in.skipField(tag);
            optionsStart = start;
            optionsEnd = in.getTotalBytesRead();
          }
          default -> in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    // The runtime's body: its fields with the record's length prefixes, under Runtime's tags.
    int runtimeSize = (nameStart < 0 ? 0 : 1 + nameEnd - nameStart)
        + (optionsStart < 0 ? 0 : 1 + optionsEnd - optionsStart);

    // Pass 2: write the wire message.
    // The runtime's fields move into the Runtime message with tags of the same size, which adds
    // that message's own tag and length to the record's size.
    int size = CodedOutputStream.computeStringSize(ID, id) + record.length + 1
        + CodedOutputStream.computeUInt32SizeNoTag(runtimeSize);
    byte[] out = new byte[size];
    CodedOutputStream w = CodedOutputStream.newInstance(out);
    try {
      w.writeString(ID, id);
      in = CodedInputStream.newInstance(record);
      boolean runtimeWritten = false;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        int start = in.getTotalBytesRead();
        in.skipField(tag);
        int end = in.getTotalBytesRead();
        switch (field) {
          case ContainerRecord.LABELS_FIELD_NUMBER -> copy(w, LABELS, tag, record, start, end);
          case ContainerRecord.IMAGE_FIELD_NUMBER -> copy(w, IMAGE, tag, record, start, end);
          case ContainerRecord.RUNTIME_NAME_FIELD_NUMBER,
              ContainerRecord.RUNTIME_OPTIONS_FIELD_NUMBER -> {
            if (!runtimeWritten) {
              runtimeWritten = true;
              writeRuntime(w, runtimeSize, record, nameStart, nameEnd, optionsStart, optionsEnd);
            }
          }
          default -> {
            w.writeRawVarint32(tag);
            w.writeRawBytes(record, start, end - start);
          }
        }
      }
      if (!runtimeWritten) {
        writeRuntime(w, runtimeSize, record, nameStart, nameEnd, optionsStart, optionsEnd);
      }
      w.checkNoSpaceLeft();
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return out;
  }

  /**
   * Writes the record's field body {@code [start, end)} under {@code field}, keeping its wire
   * type (the tag's size is the same: both field numbers are below 16).
   */
  private static void copy(CodedOutputStream w, int field, int tag, byte[] record, int start,
      int end) throws IOException {
    w.writeTag(field, WireFormat.getTagWireType(tag));
    w.writeRawBytes(record, start, end - start);
  }

  private static void writeRuntime(CodedOutputStream w, int size, byte[] record, int nameStart,
      int nameEnd, int optionsStart, int optionsEnd) throws IOException {
    w.writeTag(RUNTIME, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    w.writeUInt32NoTag(size);
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
