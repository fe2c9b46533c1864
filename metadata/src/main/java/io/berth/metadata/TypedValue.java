package io.berth.metadata;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Any-like value: a type URL (containerd's, without a {@code type.googleapis.com/} prefix)
 * and the encoded bytes. {@code new TypedValue("", new byte[0])} is an empty Any, which is set
 * but empty, unlike an absent (null) value.
 *
 * <p>The bytes are held immutable, so values pass between the store, the records and the wire
 * through {@link #of} and {@link #bytes()} without being copied (a spec is copied at most once
 * on its way in or out, not at every step).
 */
public final class TypedValue {

  public static final TypedValue EMPTY = new TypedValue("", new byte[0]);

  private final String typeUrl;
  private final ByteString value;

  /** A value holding a copy of {@code value} (null is empty). */
  public TypedValue(String typeUrl, byte[] value) {
    this(typeUrl, value == null ? ByteString.EMPTY : ByteString.copyFrom(value));
  }

  private TypedValue(String typeUrl, ByteString value) {
    this.typeUrl = Objects.requireNonNull(typeUrl, "typeUrl");
    this.value = Objects.requireNonNull(value, "value");
  }

  /** A value over immutable bytes, without copying them. */
  public static TypedValue of(String typeUrl, ByteString value) {
    return new TypedValue(typeUrl, value);
  }

  public String typeUrl() {
    return typeUrl;
  }

  /** A copy of the bytes. */
  public byte[] value() {
    return value.toByteArray();
  }

  /** The bytes themselves, immutable. */
  public ByteString bytes() {
    return value;
  }

  public int size() {
    return value.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TypedValue t && t.typeUrl.equals(typeUrl) && t.value.equals(value);
  }

  @Override
  public int hashCode() {
    return typeUrl.hashCode() * 31 + value.hashCode();
  }

  @Override
  public String toString() {
    int n = value.size();
    String hex = HexFormat.of().formatHex(value.substring(0, Math.min(n, 16)).toByteArray());
    return "TypedValue[" + typeUrl + ", " + n + " bytes" + (n > 0 ? ": " + hex
        + (n > 16 ? "…" : "") : "") + "]";
  }
}
