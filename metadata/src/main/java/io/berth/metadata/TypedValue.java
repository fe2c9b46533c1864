package io.berth.metadata;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Any-like value: a type URL (containerd's, without a {@code type.googleapis.com/} prefix)
 * and the encoded bytes. {@code new TypedValue("", new byte[0])} is an empty Any, which is set
 * but empty, unlike an absent (null) value.
 */
public record TypedValue(String typeUrl, byte[] value) {

  public static final TypedValue EMPTY = new TypedValue("", new byte[0]);

  public TypedValue {
    Objects.requireNonNull(typeUrl, "typeUrl");
    value = value == null ? new byte[0] : value.clone();
  }

  /** A copy of the bytes. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  public int size() {
    return value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypedValue t && t.typeUrl.equals(typeUrl) && Arrays.equals(t.value, value);
  }

  @Override
  public int hashCode() {
    return typeUrl.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(value, 0, Math.min(value.length, 16));
    return "TypedValue[" + typeUrl + ", " + value.length + " bytes" + (value.length > 0 ? ": " + hex
        + (value.length > 16 ? "…" : "") : "") + "]";
  }
}
