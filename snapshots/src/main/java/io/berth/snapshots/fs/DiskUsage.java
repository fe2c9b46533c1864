package io.berth.snapshots.fs;

import io.berth.snapshots.Usage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The disk a file tree takes, measured as containerd does: every entry under the root (the root
 * included) is lstat'ed, each inode is counted once by (device, inode number), and the size is the
 * sum of allocated blocks times 512 bytes. Symbolic links are never followed.
 */
public final class DiskUsage {

  private static final long BLOCK_UNIT = 512;

  private DiskUsage() {}

  public static Usage of(Path root) throws IOException {
    Set<FileStat.InodeKey> seen = new HashSet<>();
    long size = 0;
    Deque<Path> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Path p = pending.pop();
      FileStat st = FileCalls.lstat(p);
      if (seen.add(st.inode())) {
        size += st.blocks() * BLOCK_UNIT;
      }
      if (st.isDirectory()) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
          for (Path e : entries) {
            pending.push(e);
          }
        }
      }
    }
    return new Usage(size, seen.size());
  }
}
