package io.berth.snapshots;

import io.berth.snapshots.overlay.OverlaySnapshotter;
import java.nio.file.Path;

class OverlaySnapshotterTest extends SnapshotterConformance {

  @Override
  Snapshotter open(Path root) {
    return OverlaySnapshotter.open(root);
  }
}
