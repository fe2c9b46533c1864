package io.berth.daemon.wire;

import com.google.protobuf.Any;
import io.berth.metadata.TypedValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Any} on the wire and {@link TypedValue} in the records, type URL and bytes unchanged
 * (no prefix added or removed).
 */
public final class TypedValues {

  private TypedValues() {}

  public static TypedValue fromProto(Any any) {
    return TypedValue.of(any.getTypeUrl(), any.getValue());
  }

  public static Any toProto(TypedValue value) {
    return Any.newBuilder()
        .setTypeUrl(value.typeUrl())
        .setValue(value.bytes())
        .build();
  }

  public static Map<String, TypedValue> fromProto(Map<String, Any> map) {
    Map<String, TypedValue> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, fromProto(v)));
    return out;
  }

  public static Map<String, Any> toProto(Map<String, TypedValue> map) {
    Map<String, Any> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, toProto(v)));
    return out;
  }
}
