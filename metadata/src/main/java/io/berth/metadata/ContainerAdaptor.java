package io.berth.metadata;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.berth.api.filters.Adaptor;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The filterable fields of a container: id, runtime.name, image, labels.<key>.
 *
 * <p>A List reads them straight from the stored record ({@link #read}), so containers that do
 * not match are never decoded in full: the spec, extensions and timestamps are skipped unread.
 */
record ContainerAdaptor(String id, Map<String, String> labels, String image, String runtimeName)
    implements Adaptor {

  // Field numbers of ContainerRecord (records.proto) and of a map entry.
  private static final int LABELS = 1;
  private static final int IMAGE = 2;
  private static final int RUNTIME_NAME = 3;
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;

  static ContainerAdaptor of(Container c) {
    return new ContainerAdaptor(c.id(), c.labels(), c.image(), c.runtime().name());
  }

  /**
   * The fields of the stored container {@code id}, from its {@code ContainerRecord} bytes (the
   * first {@code length} of {@code record}).
   *
   * @throws InvalidProtocolBufferException if the bytes are not a record
   */
  static ContainerAdaptor read(String id, byte[] record, int length)
      throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(record, 0, length);
    Map<String, String> labels = new HashMap<>();
    String image = "";
    String runtimeName = "";
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case LABELS -> readEntry(in, labels);
          case IMAGE -> image = in.readStringRequireUtf8();
          case RUNTIME_NAME -> runtimeName = in.readStringRequireUtf8();
          default -> in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return new ContainerAdaptor(id, labels, image, runtimeName);
  }

  private static void readEntry(CodedInputStream in, Map<String, String> into)
      throws IOException {
    int limit = in.pushLimit(in.readRawVarint32());
    String key = "";
    String value = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case ENTRY_KEY -> key = in.readStringRequireUtf8();
        case ENTRY_VALUE -> value = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    in.popLimit(limit);
    into.put(key, value);
  }

  @Override
  public Optional<String> field(List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return switch (path.getFirst()) {
      case "id" -> nonEmpty(id);
      case "runtime" -> path.size() > 1 && path.get(1).equals("name")
          ? nonEmpty(runtimeName) : Optional.empty();
      case "image" -> nonEmpty(image);
      case "labels" -> Adaptor.mapEntry(labels, path.subList(1, path.size()));
      default -> Optional.empty();
    };
  }

  static Optional<String> nonEmpty(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
