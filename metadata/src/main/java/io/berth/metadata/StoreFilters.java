package io.berth.metadata;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.filters.Filter;
import io.berth.api.filters.Filters;
import java.util.List;

/** List filters as containerd's metadata stores parse them. */
final class StoreFilters {

  private StoreFilters() {}

  /**
   * The OR of the filter strings. containerd's stores wrap a parse error, class text included,
   * in one more invalid argument, so the message ends {@code : invalid argument: invalid
   * argument} (as ctr prints it).
   */
  static Filter parse(List<String> filters) {
    try {
      return Filters.parse(filters);
    } catch (InvalidArgumentException e) {
      throw new InvalidArgumentException(e.getMessage(), e);
    }
  }
}
