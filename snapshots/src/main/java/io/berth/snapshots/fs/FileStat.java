package io.berth.snapshots.fs;

/**
 * The fields of lstat(2) that snapshotting needs.
 *
 * @param dev the device of the filesystem holding the inode
 * @param ino the inode number
 * @param mode type and permission bits ({@code st_mode})
 * @param nlink number of hard links
 * @param uid owner
 * @param gid group
 * @param rdev the device a character or block special file stands for
 * @param size length in bytes
 * @param blocks allocated 512-byte blocks
 */
public record FileStat(
    long dev, long ino, int mode, long nlink, int uid, int gid, long rdev, long size, long blocks,
    long atimeSeconds, long atimeNanos, long mtimeSeconds, long mtimeNanos) {

  public static final int S_IFMT = 0170000;
  public static final int S_IFSOCK = 0140000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFIFO = 0010000;

  public int type() {
    return mode & S_IFMT;
  }

  /** Permission bits including setuid, setgid and sticky. */
  public int permissions() {
    return mode & 07777;
  }

  public boolean isDirectory() {
    return type() == S_IFDIR;
  }

  public boolean isRegularFile() {
    return type() == S_IFREG;
  }

  public boolean isSymbolicLink() {
    return type() == S_IFLNK;
  }

  /** The identity of the inode: the same for every hard link to it. */
  public InodeKey inode() {
    return new InodeKey(dev, ino);
  }

  /** An inode's identity across one walk. */
  public record InodeKey(long dev, long ino) {}
}
