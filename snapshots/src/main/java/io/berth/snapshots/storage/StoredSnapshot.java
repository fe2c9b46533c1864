package io.berth.snapshots.storage;

import io.berth.snapshots.Kind;
import java.util.List;

/**
 * What a directory snapshotter needs to lay out and describe the mounts of one snapshot.
 *
 * @param id its directory name under {@code <root>/snapshots}
 * @param kind its kind
 * @param parentIds the ids of its parent chain, nearest first: [parent, grandparent, ...]
 */
public record StoredSnapshot(String id, Kind kind, List<String> parentIds) {

  public StoredSnapshot {
    parentIds = List.copyOf(parentIds);
  }
}
