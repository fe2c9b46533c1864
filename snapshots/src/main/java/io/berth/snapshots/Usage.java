package io.berth.snapshots;

/**
 * The disk taken by a snapshot's own layer: bytes as allocated blocks (512-byte units) and the
 * number of distinct inodes, each hard-linked inode counted once.
 */
public record Usage(long size, long inodes) {

  public static final Usage ZERO = new Usage(0, 0);

  public Usage {
    if (size < 0 || inodes < 0) {
      throw new IllegalArgumentException("usage must not be negative: size " + size + ", inodes " + inodes);
    }
  }

  public Usage plus(Usage other) {
    return new Usage(size + other.size, inodes + other.inodes);
  }
}
