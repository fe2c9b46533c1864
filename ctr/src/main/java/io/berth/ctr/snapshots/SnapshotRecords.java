package io.berth.ctr.snapshots;

import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.types.Mount;
import io.berth.ctr.format.GoTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the {@code snapshots} commands print with {@code --format json} (see JsonRecords). */
final class SnapshotRecords {

  private SnapshotRecords() {}

  /** A snapshot; kind is {@code Active}, {@code View} or {@code Committed}. */
  record SnapshotRecord(
      String name, String parent, String kind, Map<String, String> labels, String created,
      String updated) {

    static SnapshotRecord of(Info i) {
      return new SnapshotRecord(i.getName(), i.getParent(), SnapshotsText.kind(i.getKind()),
          new TreeMap<>(i.getLabelsMap()),
          GoTime.rfc3339Nano(GoTime.instant(i.hasCreatedAt() ? i.getCreatedAt() : null)),
          GoTime.rfc3339Nano(GoTime.instant(i.hasUpdatedAt() ? i.getUpdatedAt() : null)));
    }
  }

  record MountRecord(String type, String source, List<String> options) {
    static List<MountRecord> of(List<Mount> mounts) {
      return mounts.stream()
          .map(m -> new MountRecord(m.getType(), m.getSource(), List.copyOf(m.getOptionsList())))
          .toList();
    }
  }

  /** {@code prepare} and {@code view}: the key and how to mount it. */
  record PreparedRecord(String key, List<MountRecord> mounts) {}

  record UsageRecord(String key, long size, long inodes) {}

  /** A node of {@code tree}. */
  record TreeRecord(String name, List<TreeRecord> children) {

    static List<TreeRecord> of(SnapshotTree tree) {
      return tree.roots().stream().map(n -> build(tree, n.name())).toList();
    }

    private static TreeRecord build(SnapshotTree tree, String name) {
      return new TreeRecord(name,
          tree.node(name).children().stream().map(c -> build(tree, c)).toList());
    }
  }
}
