package io.berth.metadata;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable, key-sorted copies of the maps records hold (sorted so output is deterministic). */
final class Maps {

  private Maps() {}

  static <V> SortedMap<String, V> sortedCopy(Map<String, V> map, String what) {
    TreeMap<String, V> copy = new TreeMap<>();
    if (map != null) {
      for (Map.Entry<String, V> e : map.entrySet()) {
        copy.put(Objects.requireNonNull(e.getKey(), () -> what + " key"),
            Objects.requireNonNull(e.getValue(), () -> what + " value of " + e.getKey()));
      }
    }
    return Collections.unmodifiableSortedMap(copy);
  }
}
