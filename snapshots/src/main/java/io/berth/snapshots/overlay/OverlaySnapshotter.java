package io.berth.snapshots.overlay;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.mount.Mount;
import io.berth.snapshots.Kind;
import io.berth.snapshots.fs.FileCalls;
import io.berth.snapshots.fs.FileStat;
import io.berth.snapshots.storage.StoredSnapshot;
import io.berth.snapshots.storage.StoredSnapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * containerd's overlayfs snapshotter: each snapshot has its own layer {@code snapshots/<id>/fs}
 * (an overlay upper directory) and, when Active, an overlay work directory; a snapshot with
 * parents mounts as an overlay with the parents' layers as lower directories, nearest first.
 *
 * <p>Mounts (containerd's {@code mounts()}, option order included):
 *
 * <ul>
 *   <li>no parent: {@code bind <own fs> [rw|ro, rbind]} (ro for a View);
 *   <li>Active with parents: {@code overlay overlay [index=off?, workdir=<own work>,
 *       upperdir=<own fs>, lowerdir=<p0 fs>:<p1 fs>:...]};
 *   <li>View with one parent: {@code bind <parent fs> [ro, rbind]};
 *   <li>View with more: {@code overlay overlay [index=off?, lowerdir=...]}.
 * </ul>
 *
 * {@code index=off} is added when the kernel has {@code /sys/module/overlay/parameters/index}.
 * Lower directory lists longer than a page are handled by {@link io.berth.mount.Mounter}.
 */
public final class OverlaySnapshotter extends StoredSnapshotter {

  private static final Path INDEX_PARAMETER = Path.of("/sys/module/overlay/parameters/index");

  private final boolean indexOff;

  private OverlaySnapshotter(Path root) {
    super(root);
    this.indexOff = Files.exists(INDEX_PARAMETER);
  }

  /**
   * Opens the snapshotter rooted at {@code root}, e.g.
   * {@code /var/lib/berth/io.containerd.snapshotter.v1.overlayfs}. The root must be on a
   * filesystem overlayfs can use as upper layer (ext4, xfs; not overlayfs itself), and its path
   * may not contain ',', ':' or '\', which the overlay option syntax cannot carry.
   */
  public static OverlaySnapshotter open(Path root) {
    String path = root.toAbsolutePath().normalize().toString();
    for (char c : new char[] {',', ':', '\\'}) {
      if (path.indexOf(c) >= 0) {
        throw new InvalidArgumentException(
            "overlay snapshotter root " + path + " must not contain '" + c + "'");
      }
    }
    return new OverlaySnapshotter(root);
  }

  @Override
  protected void populate(Path dir, StoredSnapshot snapshot) throws IOException {
    Path fs = Files.createDirectory(dir.resolve("fs"));
    Files.setPosixFilePermissions(fs, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (snapshot.kind() == Kind.ACTIVE) {
      Path work = Files.createDirectory(dir.resolve("work"));
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    }
    if (!snapshot.parentIds().isEmpty()) {
      FileStat parent = FileCalls.lstat(fsDir(snapshot.parentIds().getFirst()));
      FileCalls.lchown(fs, parent.uid(), parent.gid());
    }
  }

  @Override
  protected List<Mount> mounts(StoredSnapshot s) {
    List<String> parents = s.parentIds();
    if (parents.isEmpty()) {
      String mode = s.kind() == Kind.VIEW ? "ro" : "rw";
      return List.of(new Mount("bind", fsDir(s.id()).toString(), List.of(mode, "rbind")));
    }
    if (s.kind() == Kind.VIEW && parents.size() == 1) {
      return List.of(new Mount("bind", fsDir(parents.getFirst()).toString(), List.of("ro", "rbind")));
    }
    List<String> options = new ArrayList<>();
    if (indexOff) {
      options.add("index=off");
    }
    if (s.kind() == Kind.ACTIVE) {
      options.add("workdir=" + snapshotDir(s.id()).resolve("work"));
      options.add("upperdir=" + fsDir(s.id()));
    }
    StringBuilder lower = new StringBuilder("lowerdir=");
    for (int i = 0; i < parents.size(); i++) {
      if (i > 0) {
        lower.append(':');
      }
      lower.append(fsDir(parents.get(i)));
    }
    options.add(lower.toString());
    return List.of(new Mount("overlay", "overlay", options));
  }
}
