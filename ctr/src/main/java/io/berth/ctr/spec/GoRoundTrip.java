package io.berth.ctr.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.ctr.format.GoOrder;
import io.berth.ctr.spec.GoType.Field;
import io.berth.ctr.spec.GoType.Interface;
import io.berth.ctr.spec.GoType.Kind;
import io.berth.ctr.spec.GoType.MapOf;
import io.berth.ctr.spec.GoType.Pointer;
import io.berth.ctr.spec.GoType.Scalar;
import io.berth.ctr.spec.GoType.Slice;
import io.berth.ctr.spec.GoType.Struct;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays Go's {@code json.Unmarshal} into a typed value followed by {@code json.Marshal}: unknown
 * keys vanish, keys match field names case-insensitively, fields come out in struct order, empty
 * {@code omitempty} fields are dropped and missing plain fields appear with their zero value. The
 * result is a tree for {@link io.berth.ctr.format.GoJson}. Type mismatches fail with Go's message.
 */
public final class GoRoundTrip {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The first decode error, worded as Go's {@code *json.UnmarshalTypeError}. */
  public static final class DecodeException extends RuntimeException {
    public DecodeException(String message) {
      super(message);
    }
  }

  private final Deque<String> fieldStack = new ArrayDeque<>();
  private final Deque<Struct> structStack = new ArrayDeque<>();

  private GoRoundTrip() {}

  /** What Go writes after reading {@code json} into a value of {@code type}. */
  public static JsonNode apply(JsonNode json, GoType type) {
    return new GoRoundTrip().value(json, type);
  }

  /** The zero value of {@code type} as Go writes it. */
  public static JsonNode zero(GoType type) {
    return new GoRoundTrip().value(null, type);
  }

  private JsonNode value(JsonNode in, GoType type) {
    boolean absent = in == null || in.isNull() || in.isMissingNode();
    return switch (type) {
      case Scalar s -> absent ? zeroScalar(s) : scalar(in, s);
      case Struct s -> absent ? struct(NODES.objectNode(), s) : struct(expect(in, s, JsonNode::isObject), s);
      case Pointer p -> absent ? NullNode.instance : value(in, p.elem());
      case Slice s -> absent ? NullNode.instance : slice(expect(in, s, JsonNode::isArray), s);
      case MapOf m -> absent ? NullNode.instance : map(expect(in, m, JsonNode::isObject), m);
      case Interface i -> absent ? NullNode.instance : generic(in);
    };
  }

  private ObjectNode struct(JsonNode in, Struct type) {
    // decode in document order (Go reports the first mismatch it meets), encode in struct order
    Map<Field, JsonNode> decoded = new HashMap<>();
    structStack.push(type);
    try {
      for (Map.Entry<String, JsonNode> e : in.properties()) {
        Field field = lookup(type, e.getKey());
        if (field == null) {
          continue;
        }
        fieldStack.addLast(field.json());
        try {
          JsonNode v = e.getValue();
          if (v.isNull() && field.type() instanceof Scalar) {
            continue; // null leaves a non-pointer value untouched
          }
          if (v.isNull() && field.type() instanceof Struct) {
            continue;
          }
          decoded.put(field, value(v, field.type()));
        } finally {
          fieldStack.removeLast();
        }
      }
      ObjectNode out = NODES.objectNode();
      for (Field field : type.fields()) {
        JsonNode v = decoded.get(field);
        if (v == null) {
          fieldStack.addLast(field.json());
          try {
            v = value(null, field.type());
          } finally {
            fieldStack.removeLast();
          }
        }
        if (field.omitempty() && isEmpty(field.type(), v)) {
          continue;
        }
        out.set(field.json(), v);
      }
      return out;
    } finally {
      structStack.pop();
    }
  }

  // exact match first, then Go's case-insensitive match, in field order
  private static Field lookup(Struct type, String key) {
    for (Field f : type.fields()) {
      if (f.json().equals(key)) {
        return f;
      }
    }
    for (Field f : type.fields()) {
      if (f.json().equalsIgnoreCase(key)) {
        return f;
      }
    }
    return null;
  }

  private ArrayNode slice(JsonNode in, Slice type) {
    ArrayNode out = NODES.arrayNode();
    for (JsonNode element : in) {
      if (element.isNull() && (type.elem() instanceof Scalar || type.elem() instanceof Struct)) {
        out.add(value(null, type.elem()));
      } else {
        out.add(value(element, type.elem()));
      }
    }
    return out;
  }

  private ObjectNode map(JsonNode in, MapOf type) {
    List<String> keys = new ArrayList<>();
    in.fieldNames().forEachRemaining(keys::add);
    keys.sort(GoOrder.STRINGS);
    ObjectNode out = NODES.objectNode();
    for (String k : keys) {
      JsonNode element = in.get(k);
      if (element.isNull() && (type.elem() instanceof Scalar || type.elem() instanceof Struct)) {
        out.set(k, value(null, type.elem()));
      } else {
        out.set(k, value(element, type.elem()));
      }
    }
    return out;
  }

  // interface{}: objects become map[string]interface{} (sorted keys), numbers float64
  private static JsonNode generic(JsonNode in) {
    if (in.isObject()) {
      List<String> keys = new ArrayList<>();
      in.fieldNames().forEachRemaining(keys::add);
      keys.sort(GoOrder.STRINGS);
      ObjectNode out = NODES.objectNode();
      for (String k : keys) {
        out.set(k, generic(in.get(k)));
      }
      return out;
    }
    if (in.isArray()) {
      ArrayNode out = NODES.arrayNode();
      in.forEach(e -> out.add(generic(e)));
      return out;
    }
    if (in.isNumber()) {
      return NODES.numberNode(in.doubleValue());
    }
    return in.deepCopy();
  }

  private JsonNode scalar(JsonNode in, Scalar type) {
    Kind kind = type.kind();
    if (kind == Kind.STRING) {
      if (!in.isTextual()) {
        throw mismatch(describe(in), type);
      }
      return NODES.textNode(in.textValue());
    }
    if (kind == Kind.BOOL) {
      if (!in.isBoolean()) {
        throw mismatch(describe(in), type);
      }
      return NODES.booleanNode(in.booleanValue());
    }
    if (!in.isNumber()) {
      throw mismatch(describe(in), type);
    }
    if (!in.isIntegralNumber()) {
      throw mismatch("number " + in.asText(), type);
    }
    BigInteger v = in.bigIntegerValue();
    if (v.compareTo(kind.min) < 0 || v.compareTo(kind.max) > 0) {
      throw mismatch("number " + v, type);
    }
    return NODES.numberNode(v);
  }

  private static JsonNode zeroScalar(Scalar type) {
    return switch (type.kind()) {
      case STRING -> NODES.textNode("");
      case BOOL -> NODES.booleanNode(false);
      default -> NODES.numberNode(0);
    };
  }

  private JsonNode expect(JsonNode in, GoType type, java.util.function.Predicate<JsonNode> ok) {
    if (!ok.test(in)) {
      throw mismatch(describe(in), type);
    }
    return in;
  }

  private static String describe(JsonNode in) {
    if (in.isTextual()) {
      return "string";
    }
    if (in.isNumber()) {
      return "number";
    }
    if (in.isBoolean()) {
      return "bool";
    }
    if (in.isArray()) {
      return "array";
    }
    return "object";
  }

  private DecodeException mismatch(String value, GoType type) {
    if (structStack.isEmpty()) {
      return new DecodeException(
          "json: cannot unmarshal " + value + " into Go value of type " + type.goName());
    }
    return new DecodeException(
        "json: cannot unmarshal "
            + value
            + " into Go struct field "
            + structStack.peek().simpleName()
            + "."
            + String.join(".", fieldStack)
            + " of type "
            + type.goName());
  }

  /** Whether Go's {@code omitempty} drops this value of this type. */
  static boolean isEmpty(GoType type, JsonNode v) {
    return switch (type) {
      case Scalar s -> switch (s.kind()) {
        case STRING -> v.textValue().isEmpty();
        case BOOL -> !v.booleanValue();
        default -> v.bigIntegerValue().signum() == 0;
      };
      case Struct s -> false;
      case Pointer p -> v.isNull();
      case Slice s -> v.isNull() || v.isEmpty();
      case MapOf m -> v.isNull() || v.isEmpty();
      case Interface i -> v.isNull();
    };
  }
}
