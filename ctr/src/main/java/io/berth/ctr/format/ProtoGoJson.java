package io.berth.ctr.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A protobuf message as Go's {@code encoding/json} writes containerd's gogo-generated struct for
 * it (what {@code ctr events} prints): fields in declaration order under their proto names, zero
 * values left out ({@code omitempty}), numbers and enums as JSON numbers, bytes in base64, map
 * keys sorted. Timestamps are Go {@code time.Time} values that are always written; an {@code Any}
 * is gogo's struct {@code {"type_url", "value"}}.
 */
public final class ProtoGoJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Fields gogo generates without {@code omitempty} (non-nullable custom types). */
  private static final Set<String> ALWAYS_WRITTEN =
      Set.of(
          "containerd.events.ContentDelete.digest",
          "containerd.types.Descriptor.digest",
          "containerd.services.images.v1.Image.target");

  private ProtoGoJson() {}

  /** The message as a JSON tree in Go's field order. */
  public static ObjectNode tree(Message message) {
    if (message instanceof Any any) {
      return any(any);
    }
    if (message instanceof Timestamp) {
      throw new IllegalArgumentException("a timestamp is a value, not an object");
    }
    ObjectNode node = NODES.objectNode();
    for (FieldDescriptor f : message.getDescriptorForType().getFields()) {
      boolean always = ALWAYS_WRITTEN.contains(f.getFullName());
      if (f.isMapField()) {
        @SuppressWarnings("unchecked")
        List<Message> entries = (List<Message>) message.getField(f);
        if (!entries.isEmpty() || always) {
          node.set(f.getName(), map(entries));
        }
      } else if (f.isRepeated()) {
        List<?> values = (List<?>) message.getField(f);
        if (!values.isEmpty() || always) {
          ArrayNode array = NODES.arrayNode();
          for (Object v : values) {
            array.add(value(f, v));
          }
          node.set(f.getName(), array);
        }
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        boolean timestamp =
            f.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName());
        if (timestamp) {
          Timestamp ts = message.hasField(f) ? (Timestamp) message.getField(f) : null;
          node.put(f.getName(), GoTime.rfc3339Nano(GoTime.instant(ts)));
        } else if (message.hasField(f) || always) {
          node.set(f.getName(), value(f, message.getField(f)));
        }
      } else {
        Object v = message.getField(f);
        if (always || !isZero(f, v)) {
          node.set(f.getName(), value(f, v));
        }
      }
    }
    return node;
  }

  private static ObjectNode any(Any any) {
    ObjectNode node = NODES.objectNode();
    if (!any.getTypeUrl().isEmpty()) {
      node.put("type_url", any.getTypeUrl());
    }
    if (!any.getValue().isEmpty()) {
      node.put("value", Base64.getEncoder().encodeToString(any.getValue().toByteArray()));
    }
    return node;
  }

  private static ObjectNode map(List<Message> entries) {
    List<Message> sorted = new ArrayList<>(entries);
    if (sorted.isEmpty()) {
      return NODES.objectNode();
    }
    FieldDescriptor keyField = sorted.getFirst().getDescriptorForType().findFieldByNumber(1);
    FieldDescriptor valueField = sorted.getFirst().getDescriptorForType().findFieldByNumber(2);
    sorted.sort((a, b) -> compareKeys(keyField, a.getField(keyField), b.getField(keyField)));
    ObjectNode node = NODES.objectNode();
    for (Message e : sorted) {
      node.set(String.valueOf(keyText(keyField, e.getField(keyField))), value(valueField, e.getField(valueField)));
    }
    return node;
  }

  private static int compareKeys(FieldDescriptor f, Object a, Object b) {
    if (a instanceof String sa && b instanceof String sb) {
      return GoOrder.STRINGS.compare(sa, sb);
    }
    if (a instanceof Boolean ba && b instanceof Boolean bb) {
      return Boolean.compare(ba, bb);
    }
    return number(f, a).compareTo(number(f, b));
  }

  private static String keyText(FieldDescriptor f, Object key) {
    return key instanceof String s ? s : key instanceof Boolean b ? b.toString() : number(f, key).toString();
  }

  private static boolean isZero(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case STRING -> ((String) v).isEmpty();
      case BYTE_STRING -> ((ByteString) v).isEmpty();
      case BOOLEAN -> !((Boolean) v);
      case ENUM -> ((com.google.protobuf.Descriptors.EnumValueDescriptor) v).getNumber() == 0;
      case INT, LONG -> ((Number) v).longValue() == 0;
      case FLOAT, DOUBLE -> ((Number) v).doubleValue() == 0;
      case MESSAGE -> false;
    };
  }

  private static JsonNode value(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case STRING -> NODES.textNode((String) v);
      case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case BOOLEAN -> NODES.booleanNode((Boolean) v);
      case ENUM -> NODES.numberNode(((com.google.protobuf.Descriptors.EnumValueDescriptor) v).getNumber());
      case INT, LONG -> NODES.numberNode(number(f, v));
      case FLOAT -> NODES.numberNode(Double.parseDouble(Float.toString((Float) v)));
      case DOUBLE -> NODES.numberNode((Double) v);
      case MESSAGE -> {
        if (v instanceof Timestamp ts) {
          yield NODES.textNode(GoTime.rfc3339Nano(GoTime.instant(ts)));
        }
        yield tree((Message) v);
      }
    };
  }

  // Unsigned protobuf types arrive as signed Java ints and longs.
  private static BigInteger number(FieldDescriptor f, Object v) {
    long raw = ((Number) v).longValue();
    return switch (f.getType()) {
      case UINT32, FIXED32 -> BigInteger.valueOf(Integer.toUnsignedLong(((Number) v).intValue()));
      case UINT64, FIXED64 -> new BigInteger(Long.toUnsignedString(raw));
      default -> BigInteger.valueOf(raw);
    };
  }
}
