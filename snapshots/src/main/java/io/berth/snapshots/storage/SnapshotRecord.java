package io.berth.snapshots.storage;

import io.berth.snapshots.Info;
import io.berth.snapshots.Kind;
import io.berth.snapshots.Usage;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** The stored value of one snapshot (its name is the key it is stored under). */
record SnapshotRecord(
    long id, Kind kind, String parent, Map<String, String> labels, Instant created, Instant updated,
    Usage usage) {

  SnapshotRecord {
    if (id < 1) {
      throw new IllegalArgumentException("snapshot id must be positive: " + id);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(usage, "usage");
    labels = Map.copyOf(labels);
  }

  Info info(String name) {
    return new Info(name, parent, kind, labels, created, updated);
  }

  String idString() {
    return Long.toString(id);
  }
}
