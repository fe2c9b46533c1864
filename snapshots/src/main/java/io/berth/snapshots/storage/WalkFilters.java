package io.berth.snapshots.storage;

import io.berth.api.filters.Filter;
import io.berth.api.filters.Filters;
import io.berth.snapshots.Info;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns Walk's filter strings into a predicate over {@link Info}: containerd's filter language
 * ({@link Filters}) with {@link SnapshotFields} as the adaptor. A bad filter is InvalidArgument
 * with containerd's parse error text.
 */
final class WalkFilters {

  private WalkFilters() {}

  static Predicate<Info> compile(String... filters) {
    List<String> given = new ArrayList<>(filters.length);
    for (String f : filters) {
      given.add(f == null ? "" : f);
    }
    Filter filter = Filters.parse(given);
    return info -> filter.match(path -> SnapshotFields.field(info, path));
  }
}
