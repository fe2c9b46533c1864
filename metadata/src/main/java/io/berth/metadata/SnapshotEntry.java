package io.berth.metadata;

import io.berth.snapshots.Info;
import java.util.Objects;

/**
 * One snapshot as a namespace sees it, with where it lives in the backend snapshotter.
 *
 * @param info the snapshot under its namespace's key, with every label
 * @param backendKey its key in the backend snapshotter, {@code <ns>/<seq>/<key>}
 */
public record SnapshotEntry(Info info, String backendKey) {

  public SnapshotEntry {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(backendKey, "backendKey");
    if (backendKey.isEmpty()) {
      throw new IllegalArgumentException("backend key of snapshot " + info.name() + " is empty");
    }
  }

  /** The snapshot's key (or name, once Committed) in its namespace. */
  public String key() {
    return info.name();
  }
}
