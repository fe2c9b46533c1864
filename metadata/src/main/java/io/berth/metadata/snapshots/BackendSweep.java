package io.berth.metadata.snapshots;

import io.berth.snapshots.Info;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which backend snapshots to remove because no namespace's record refers to them: each
 * unreferenced snapshot whose children are all removed too, children before parents (a backend
 * refuses to remove a parent first). An unreferenced parent of a referenced snapshot stays.
 */
final class BackendSweep {

  private BackendSweep() {}

  /** The backend keys to remove, in a safe order. */
  static List<String> removalOrder(List<Info> backend, Set<String> referenced) {
    Set<String> present = new HashSet<>();
    for (Info info : backend) {
      present.add(info.name());
    }
    Map<String, List<String>> children = new HashMap<>();
    Deque<String> pending = new ArrayDeque<>();
    for (Info info : backend) {
      if (present.contains(info.parent())) {
        children.computeIfAbsent(info.parent(), k -> new ArrayList<>()).add(info.name());
      } else {
        pending.push(info.name());
      }
    }
    // A pre-order walk from the roots, reversed: every snapshot comes after all its descendants.
    List<String> preOrder = new ArrayList<>();
    while (!pending.isEmpty()) {
      String key = pending.pop();
      preOrder.add(key);
      children.getOrDefault(key, List.of()).forEach(pending::push);
    }
    Set<String> removed = new HashSet<>();
    List<String> order = new ArrayList<>();
    for (String key : preOrder.reversed()) {
      if (!referenced.contains(key) && removed.containsAll(children.getOrDefault(key, List.of()))) {
        removed.add(key);
        order.add(key);
      }
    }
    return order;
  }
}
