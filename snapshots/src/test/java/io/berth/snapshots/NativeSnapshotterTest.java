package io.berth.snapshots;

import io.berth.snapshots.copy.NativeSnapshotter;
import java.nio.file.Path;

class NativeSnapshotterTest extends SnapshotterConformance {

  @Override
  Snapshotter open(Path root) {
    return NativeSnapshotter.open(root);
  }
}
