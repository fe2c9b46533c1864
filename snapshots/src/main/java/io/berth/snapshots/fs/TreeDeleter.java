package io.berth.snapshots.fs;

import io.berth.mount.Errno;
import io.berth.mount.MountInfo;
import io.berth.mount.MountTable;
import io.berth.mount.SyscallException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Deletes a file tree without following symbolic links and without crossing into a mount: if
 * anything is mounted on or below the root (per /proc/self/mountinfo) or an entry lies on another
 * device, the deletion stops with an error, so that a forgotten mount is never emptied.
 */
public final class TreeDeleter {

  private TreeDeleter() {}

  /** Deletes {@code root} and everything below it; a missing {@code root} is not an error. */
  public static void delete(Path root) throws IOException {
    FileStat st;
    try {
      st = FileCalls.lstat(root);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return;
      }
      throw e;
    }
    List<MountInfo> mounted = MountTable.under(root);
    if (!mounted.isEmpty()) {
      throw new IOException("delete " + root + ": " + mounted.getFirst().mountPoint()
          + " is still mounted");
    }
    delete(root, st, st.dev());
  }

  private static void delete(Path path, FileStat st, long dev) throws IOException {
    if (st.dev() != dev) {
      throw new IOException("delete " + path + ": a different filesystem is mounted there");
    }
    if (st.isDirectory()) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
        for (Path e : entries) {
          delete(e, FileCalls.lstat(e), dev);
        }
      }
    }
    try {
      Files.delete(path);
    } catch (NoSuchFileException ignored) {
      // already gone
    }
  }
}
