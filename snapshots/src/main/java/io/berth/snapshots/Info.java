package io.berth.snapshots;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a snapshotter records about one snapshot.
 *
 * @param name the key (Active, View) or name (Committed) of the snapshot
 * @param parent the name of the Committed parent, or "" for none
 * @param kind its kind
 * @param labels its labels, never null; empty values are not stored
 * @param created when it was made (for Committed: when it was committed)
 * @param updated the last change of its labels; equal to {@code created} until then
 */
public record Info(
    String name, String parent, Kind kind, Map<String, String> labels, Instant created, Instant updated) {

  public Info {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    parent = parent == null ? "" : parent;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * The argument of {@link Snapshotter#update}: only the name and the labels are read there, the
   * other fields are immutable and ignored.
   */
  public static Info forUpdate(String name, Map<String, String> labels) {
    return new Info(name, "", Kind.COMMITTED, labels, Instant.EPOCH, Instant.EPOCH);
  }

  public Info withLabels(Map<String, String> newLabels) {
    return new Info(name, parent, kind, newLabels, created, updated);
  }

  @Override
  public String toString() {
    return "Info[name=" + name + ", parent=" + parent + ", kind=" + kind + ", labels="
        + new TreeMap<>(labels) + ", created=" + created + ", updated=" + updated + "]";
  }
}
