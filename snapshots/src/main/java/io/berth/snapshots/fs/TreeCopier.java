package io.berth.snapshots.fs;

import io.berth.mount.Errno;
import io.berth.mount.SyscallException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies a file tree faithfully, for the native snapshotter: directories, regular files, symbolic
 * links (as links), hard links (as hard links within the copy), character and block devices,
 * FIFOs and sockets; with owners, all permission bits, extended attributes where the target
 * filesystem takes them, and access and modification times.
 */
public final class TreeCopier {

  private final Map<FileStat.InodeKey, Path> linked = new HashMap<>();

  private TreeCopier() {}

  /**
   * Copies the contents of directory {@code source} into the existing empty directory
   * {@code target}, and gives {@code target} the owner, mode, attributes and times of
   * {@code source}.
   */
  public static void copy(Path source, Path target) throws IOException {
    FileStat st = FileCalls.lstat(source);
    if (!st.isDirectory()) {
      throw new IOException("copy " + source + ": not a directory");
    }
    TreeCopier copier = new TreeCopier();
    copier.copyChildren(source, target);
    copyMetadata(source, target, st);
  }

  private void copyChildren(Path sourceDir, Path targetDir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(sourceDir)) {
      for (Path source : entries) {
        copyEntry(source, targetDir.resolve(source.getFileName().toString()));
      }
    }
  }

  private void copyEntry(Path source, Path target) throws IOException {
    FileStat st = FileCalls.lstat(source);
    if (!st.isDirectory() && st.nlink() > 1) {
      Path first = linked.putIfAbsent(st.inode(), target);
      if (first != null) {
        Files.createLink(target, first);
        return;
      }
    }
    switch (st.type()) {
      case FileStat.S_IFDIR -> {
        Files.createDirectory(target);
        copyChildren(source, target);
      }
      case FileStat.S_IFREG -> Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
      case FileStat.S_IFLNK -> Files.createSymbolicLink(target, Files.readSymbolicLink(source));
      case FileStat.S_IFCHR, FileStat.S_IFBLK, FileStat.S_IFIFO, FileStat.S_IFSOCK ->
          FileCalls.mknod(target, st.mode(), st.rdev());
      default -> throw new IOException("copy " + source + ": unknown file type 0" + Integer.toOctalString(st.type()));
    }
    copyMetadata(source, target, st);
  }

  /** Owner first (it clears setuid bits and file capabilities), then xattrs, mode and times. */
  private static void copyMetadata(Path source, Path target, FileStat st) throws IOException {
    FileCalls.lchown(target, st.uid(), st.gid());
    copyXattrs(source, target);
    if (!st.isSymbolicLink()) {
      FileCalls.chmod(target, st.permissions());
    }
    FileCalls.setTimes(target, st.atimeSeconds(), st.atimeNanos(), st.mtimeSeconds(), st.mtimeNanos());
  }

  /** Best effort, as containerd's copy: an attribute the target refuses is skipped. */
  private static void copyXattrs(Path source, Path target) throws IOException {
    for (String name : FileCalls.listXattrs(source)) {
      try {
        FileCalls.setXattr(target, name, FileCalls.getXattr(source, name));
      } catch (SyscallException e) {
        switch (e.errno()) {
          case Errno.EOPNOTSUPP, Errno.EPERM, Errno.ENODATA, Errno.EINVAL, Errno.EACCES -> { }
          default -> throw e;
        }
      }
    }
  }
}
