package io.berth.ctr.snapshots;

import io.berth.api.services.snapshots.v1.Info;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ctr's {@code snapshots tree}: snapshots in the order the walk gives them, each under its parent
 * (a parent not seen yet gets a placeholder, filled in when it comes), printed from every root
 * (a snapshot without parent) in first-seen order:
 *
 * <pre>
 *  base
 *   \_ layer
 *     \_ top
 * </pre>
 */
final class SnapshotTree {

  /** One snapshot and the names of its children, in walk order. */
  record Node(String name, String parent, List<String> children) {}

  private final List<String> order = new ArrayList<>();
  private final Map<String, String> parents = new HashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();

  void add(Info info) {
    add(info.getName(), info.getParent());
  }

  private void add(String name, String parent) {
    if (!parents.containsKey(name)) {
      order.add(name);
      children.put(name, new ArrayList<>());
    }
    parents.put(name, parent);
    if (!parent.isEmpty()) {
      if (!parents.containsKey(parent)) {
        add(parent, "");
      }
      children.get(parent).add(name);
    }
  }

  /** The roots, in first-seen order, each with its subtree. */
  List<Node> roots() {
    List<Node> out = new ArrayList<>();
    for (String name : order) {
      if (parents.get(name).isEmpty()) {
        out.add(node(name));
      }
    }
    return out;
  }

  Node node(String name) {
    return new Node(name, parents.get(name), List.copyOf(children.get(name)));
  }

  /** ctr's text: two spaces per level, {@code \_} before every non-root name. */
  String text() {
    StringBuilder out = new StringBuilder();
    for (Node root : roots()) {
      print(out, root.name(), 0);
    }
    return out.toString();
  }

  private record Frame(String name, int level) {}

  private void print(StringBuilder out, String root, int rootLevel) {
    // Iterative depth-first, children in order: parent chains can be long.
    List<Frame> stack = new ArrayList<>();
    stack.add(new Frame(root, rootLevel));
    while (!stack.isEmpty()) {
      Frame f = stack.removeLast();
      out.append("  ".repeat(f.level()));
      if (f.level() > 0) {
        out.append("\\_");
      }
      out.append(' ').append(f.name()).append('\n');
      List<String> kids = children.get(f.name());
      for (int i = kids.size() - 1; i >= 0; i--) {
        stack.add(new Frame(kids.get(i), f.level() + 1));
      }
    }
  }
}
