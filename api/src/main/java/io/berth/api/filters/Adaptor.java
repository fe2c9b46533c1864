package io.berth.api.filters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an object exposes its fields to filters: the value at a field path, or empty when the
 * field is absent. Each object kind decides which fields exist and when they count as present.
 */
@FunctionalInterface
public interface Adaptor {

  Optional<String> field(List<String> fieldpath);

  /**
   * containerd's lookup of a map field such as {@code labels.<key>}: the rest of the path joined
   * with {@code .} is the key; an empty map has no entries at all.
   */
  static Optional<String> mapEntry(Map<String, String> map, List<String> rest) {
    if (map == null || map.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(map.get(String.join(".", rest)));
  }
}
