package io.berth.ctr.posix;

import java.util.Map;

/** Linux errno values as Go's {@code syscall.Errno.Error()} words them. */
public final class Errno {

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EINVAL = 22;
  public static final int ENOTTY = 25;
  public static final int ENOSPC = 28;
  public static final int EROFS = 30;
  public static final int ENAMETOOLONG = 36;

  private static final Map<Integer, String> TEXT =
      Map.ofEntries(
          Map.entry(EPERM, "operation not permitted"),
          Map.entry(ENOENT, "no such file or directory"),
          Map.entry(EINTR, "interrupted system call"),
          Map.entry(EIO, "input/output error"),
          Map.entry(EBADF, "bad file descriptor"),
          Map.entry(EACCES, "permission denied"),
          Map.entry(EEXIST, "file exists"),
          Map.entry(ENOTDIR, "not a directory"),
          Map.entry(EINVAL, "invalid argument"),
          Map.entry(ENOTTY, "inappropriate ioctl for device"),
          Map.entry(ENOSPC, "no space left on device"),
          Map.entry(EROFS, "read-only file system"),
          Map.entry(ENAMETOOLONG, "file name too long"));

  private Errno() {}

  /** The error's text, or {@code errno N} for one not listed here. */
  public static String text(int errno) {
    String t = TEXT.get(errno);
    return t == null ? "errno " + errno : t;
  }
}
