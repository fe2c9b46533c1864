package io.berth.ctr.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.services.snapshots.v1.Kind;
import io.berth.api.types.Mount;
import io.berth.ctr.format.GoJson;
import io.berth.ctr.format.GoOrder;
import io.berth.ctr.format.GoTime;
import io.berth.ctr.format.TabWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ctr 1.6's text output of the {@code snapshots} commands, byte for byte. */
final class SnapshotsText {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SnapshotsText() {}

  /** One row of {@code snapshots usage}. */
  record UsageRow(String key, long size, long inodes) {}

  /** Go's {@code snapshots.Kind.String()}, as the client decodes the wire kind. */
  static String kind(Kind kind) {
    return switch (kind) {
      case VIEW -> "View";
      case ACTIVE -> "Active";
      // the client's toKind: anything else is Committed
      default -> "Committed";
    };
  }

  /** {@code snapshots ls}: KEY, PARENT, KIND. */
  static String list(List<Info> infos) {
    StringBuilder out = new StringBuilder();
    TabWriter tw = TabWriter.narrow(out);
    tw.write("KEY\tPARENT\tKIND\t\n");
    for (Info i : infos) {
      tw.write(i.getName() + "\t" + i.getParent() + "\t" + kind(i.getKind()) + "\t\n");
    }
    tw.flush();
    return out.toString();
  }

  /** {@code snapshots usage}: KEY, SIZE (human-readable, or bytes with {@code -b}), INODES. */
  static String usage(List<UsageRow> rows, boolean bytes) {
    StringBuilder out = new StringBuilder();
    TabWriter tw = TabWriter.narrow(out);
    tw.write("KEY\tSIZE\tINODES\t\n");
    for (UsageRow r : rows) {
      String size = bytes ? Long.toString(r.size()) : HumanBytes.format(r.size());
      tw.write(r.key() + "\t" + size + "\t" + r.inodes() + "\t\n");
    }
    tw.flush();
    return out.toString();
  }

  /** The {@code mount -t <type> <source> <target> -o <options>} lines of {@code --target}. */
  static String mountCommands(String target, List<Mount> mounts) {
    StringBuilder out = new StringBuilder();
    for (Mount m : mounts) {
      out.append("mount -t ").append(m.getType()).append(' ').append(m.getSource()).append(' ')
          .append(target).append(" -o ").append(String.join(",", m.getOptionsList())).append('\n');
    }
    return out.toString();
  }

  /** {@code --mounts}: ctr's {@code []mount.Mount} as indented JSON (Type, Source, Options). */
  static String mountsJson(List<Mount> mounts) {
    ArrayNode array = NODES.arrayNode();
    for (Mount m : mounts) {
      ObjectNode o = array.addObject();
      o.put("Type", m.getType());
      o.put("Source", m.getSource());
      if (m.getOptionsCount() == 0) {
        o.putNull("Options");
      } else {
        ArrayNode options = o.putArray("Options");
        m.getOptionsList().forEach(options::add);
      }
    }
    return GoJson.indent(array) + "\n";
  }

  /** {@code snapshots info}: Go's JSON of {@code snapshots.Info}, Parent and Labels omitted when empty. */
  static String info(Info info) {
    ObjectNode o = NODES.objectNode();
    o.put("Kind", kind(info.getKind()));
    o.put("Name", info.getName());
    if (!info.getParent().isEmpty()) {
      o.put("Parent", info.getParent());
    }
    if (info.getLabelsCount() > 0) {
      o.set("Labels", sorted(info.getLabelsMap()));
    }
    o.put("Created", GoTime.rfc3339Nano(GoTime.instant(info.hasCreatedAt() ? info.getCreatedAt() : null)));
    o.put("Updated", GoTime.rfc3339Nano(GoTime.instant(info.hasUpdatedAt() ? info.getUpdatedAt() : null)));
    return GoJson.indent(o) + "\n";
  }

  /**
   * {@code snapshots label}'s line: {@code k=v} pairs joined by commas. ctr walks a Go map, whose
   * order is random; Berth sorts them.
   */
  static String labels(Map<String, String> labels) {
    List<String> keys = new ArrayList<>(labels.keySet());
    keys.sort(GoOrder.STRINGS);
    List<String> pairs = new ArrayList<>();
    keys.forEach(k -> pairs.add(k + "=" + labels.get(k)));
    return String.join(",", pairs) + "\n";
  }

  private static JsonNode sorted(Map<String, String> map) {
    ObjectNode node = NODES.objectNode();
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort(GoOrder.STRINGS);
    keys.forEach(k -> node.put(k, map.get(k)));
    return node;
  }
}
