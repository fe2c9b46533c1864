package io.berth.api.filters;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses containerd's filter strings (the repeated {@code filters} field of List and Subscribe
 * requests).
 *
 * <p>A filter string is a comma-separated list of selectors that must all match; several strings
 * match when any one does; no strings, or an empty string, match everything. A selector is a
 * field path ({@code labels."a.b"}) optionally followed by {@code ==}, {@code !=} or {@code ~=}
 * and a value. See {@link Parser} for the grammar.
 */
public final class Filters {

  private Filters() {}

  /**
   * Parses filter strings into their OR.
   *
   * @throws io.berth.api.errors.InvalidArgumentException with containerd's text, e.g. {@code
   *     filters: parse error: [labels. >|?|< x]: expected field or quoted: invalid argument}
   */
  public static Filter parse(String... filters) {
    return parse(List.of(filters));
  }

  /** As {@link #parse(String...)}. */
  public static Filter parse(List<String> filters) {
    if (filters.isEmpty()) {
      return new Always();
    }
    List<Filter> any = new ArrayList<>(filters.size());
    for (String f : filters) {
      any.add(parseOne(f));
    }
    return any.size() == 1 ? any.getFirst() : new Or(any);
  }

  /** Parses one filter string (the AND of its selectors); "" matches everything. */
  public static Filter parseOne(String filter) {
    if (filter.isEmpty()) {
      return new Always();
    }
    return Parser.parse(filter);
  }
}
