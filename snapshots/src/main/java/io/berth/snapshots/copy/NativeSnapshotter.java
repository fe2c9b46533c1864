package io.berth.snapshots.copy;

import io.berth.mount.Mount;
import io.berth.snapshots.Kind;
import io.berth.snapshots.fs.TreeCopier;
import io.berth.snapshots.storage.StoredSnapshot;
import io.berth.snapshots.storage.StoredSnapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * containerd's native snapshotter: no union filesystem, each Active snapshot is a full copy of its
 * parent in {@code snapshots/<id>/fs}, mounted with a bind. Works on any filesystem (the fallback
 * where overlayfs cannot be used), at the cost of copying.
 *
 * <p>Mounts: {@code bind <own fs> [rbind, rw]} for Active; a View of a parent binds the parent's
 * layer {@code [rbind, ro]} (nothing is copied); a View without parent binds its own empty layer
 * read-only.
 */
public final class NativeSnapshotter extends StoredSnapshotter {

  private NativeSnapshotter(Path root) {
    super(root);
  }

  /** Opens the snapshotter rooted at {@code root}, e.g. {@code .../io.containerd.snapshotter.v1.native}. */
  public static NativeSnapshotter open(Path root) {
    return new NativeSnapshotter(root);
  }

  @Override
  protected void populate(Path dir, StoredSnapshot snapshot) throws IOException {
    if (snapshot.kind() == Kind.VIEW && !snapshot.parentIds().isEmpty()) {
      return;
    }
    Path fs = Files.createDirectory(dir.resolve("fs"));
    Files.setPosixFilePermissions(fs, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (!snapshot.parentIds().isEmpty()) {
      TreeCopier.copy(fsDir(snapshot.parentIds().getFirst()), fs);
    }
  }

  @Override
  protected List<Mount> mounts(StoredSnapshot s) {
    if (s.kind() == Kind.VIEW && !s.parentIds().isEmpty()) {
      return List.of(new Mount("bind", fsDir(s.parentIds().getFirst()).toString(), List.of("rbind", "ro")));
    }
    String mode = s.kind() == Kind.VIEW ? "ro" : "rw";
    return List.of(new Mount("bind", fsDir(s.id()).toString(), List.of("rbind", mode)));
  }
}
