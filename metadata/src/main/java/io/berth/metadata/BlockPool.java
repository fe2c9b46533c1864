package io.berth.metadata;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Blocks of {@value Embedding#BLOCK} bytes that list encodings borrow and give back, shared by
 * every thread. The most recently given back is lent first. The pool keeps at most its capacity;
 * blocks given back beyond it are left to the garbage collector.
 */
final class BlockPool {

  private final int capacity;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  /** A pool keeping at most {@code capacity} blocks. */
  BlockPool(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** A free block, or a new one when none is free. */
  byte[] take() {
    byte[] b;
    synchronized (this) {
      b = free.pollFirst();
    }
    return b != null ? b : new byte[Embedding.BLOCK];
  }

  /** Takes {@code blocks} back, as many as fit; the caller must no longer use any of them. */
  synchronized void giveBack(List<byte[]> blocks) {
    for (byte[] b : blocks) {
      if (free.size() >= capacity) {
        return;
      }
      free.push(b);
    }
  }

  /** How many blocks are free. */
  synchronized int free() {
    return free.size();
  }
}
