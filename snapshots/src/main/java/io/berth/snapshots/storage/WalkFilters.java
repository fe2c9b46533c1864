package io.berth.snapshots.storage;

import io.berth.api.errors.NotImplementedException;
import io.berth.snapshots.Info;
import java.util.function.Predicate;

/**
 * Turns Walk's filter strings into a predicate over {@link Info}, through the shared filter
 * language with {@link SnapshotFields} as the adaptor. This is the one place that knows the filter
 * library.
 */
final class WalkFilters {

  private WalkFilters() {}

  static Predicate<Info> compile(String... filters) {
    boolean any = false;
    for (String f : filters) {
      if (f != null && !f.isEmpty()) {
        any = true;
      }
    }
    if (!any) {
      return info -> true;
    }
    throw new NotImplementedException("snapshot walk filters are not available yet");
  }
}
