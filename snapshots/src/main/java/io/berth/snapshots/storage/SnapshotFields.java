package io.berth.snapshots.storage;

import io.berth.api.filters.Adaptor;
import io.berth.snapshots.Info;
import java.util.List;
import java.util.Optional;

/**
 * The fields Walk filters can test, as containerd's snapshot adaptor exposes them: {@code kind}
 * ({@code active}, {@code view}, {@code committed}), {@code name}, {@code parent} (present even
 * when ""), and {@code labels.<key>} (the rest of the path joined with dots; absent when there are
 * no labels at all).
 */
public final class SnapshotFields {

  private SnapshotFields() {}

  public static Optional<String> field(Info info, List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return switch (path.getFirst()) {
      case "kind" -> Optional.of(info.kind().filterName());
      case "name" -> Optional.of(info.name());
      case "parent" -> Optional.of(info.parent());
      case "labels" -> Adaptor.mapEntry(info.labels(), path.subList(1, path.size()));
      default -> Optional.empty();
    };
  }
}
