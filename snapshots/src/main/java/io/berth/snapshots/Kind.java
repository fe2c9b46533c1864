package io.berth.snapshots;

import java.util.Locale;
import java.util.Optional;

/** The kind of a snapshot, with containerd's proto numbers and names. */
public enum Kind {
  /** A read-only snapshot made by {@link Snapshotter#view}. */
  VIEW(1, "View"),
  /** A writable snapshot made by {@link Snapshotter#prepare}. */
  ACTIVE(2, "Active"),
  /** An immutable snapshot made by {@link Snapshotter#commit}; the only kind that can be a parent. */
  COMMITTED(3, "Committed");

  private final int proto;
  private final String displayName;

  Kind(int proto, String displayName) {
    this.proto = proto;
    this.displayName = displayName;
  }

  /** The value in {@code containerd.services.snapshots.v1.Kind}. */
  public int proto() {
    return proto;
  }

  /** As containerd prints it (and ctr's JSON): {@code View}, {@code Active}, {@code Committed}. */
  public String displayName() {
    return displayName;
  }

  /** As filters match it: {@code view}, {@code active}, {@code committed}. */
  public String filterName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind with proto value {@code value}; empty for 0 (UNKNOWN) and unknown values. */
  public static Optional<Kind> fromProto(int value) {
    for (Kind k : values()) {
      if (k.proto == value) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Parses a name case-insensitively, as containerd's {@code ParseKind}; empty when unknown. */
  public static Optional<Kind> parse(String name) {
    for (Kind k : values()) {
      if (k.filterName().equalsIgnoreCase(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
