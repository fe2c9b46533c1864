package io.berth.metadata;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The puts and deletes of one mutation, applied by {@link RocksStore#write} atomically. */
final class Batch {

  /** A put, or a delete when {@code value} is null. */
  record Op(byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();
  private int hides;
  private byte[] lowestHidden;
  private byte[] highestHidden;

  Batch put(byte[] key, byte[] value) {
    ops.add(new Op(key, value));
    return this;
  }

  /** A put over a value the key already has (which the put hides). */
  Batch replace(byte[] key, byte[] value) {
    hid(key);
    return put(key, value);
  }

  Batch delete(byte[] key) {
    hid(key);
    ops.add(new Op(key, null));
    return this;
  }

  private void hid(byte[] key) {
    hides++;
    if (lowestHidden == null || Arrays.compareUnsigned(key, lowestHidden) < 0) {
      lowestHidden = key;
    }
    if (highestHidden == null || Arrays.compareUnsigned(key, highestHidden) > 0) {
      highestHidden = key;
    }
  }

  /** How many entries this batch hides from readers: replaced values and deletions. */
  int hides() {
    return hides;
  }

  /** The smallest key (in RocksDB's byte order) that this batch replaces or deletes, or null. */
  byte[] lowestHidden() {
    return lowestHidden;
  }

  /** The largest key that this batch replaces or deletes, or null. */
  byte[] highestHidden() {
    return highestHidden;
  }

  List<Op> ops() {
    return ops;
  }

  boolean isEmpty() {
    return ops.isEmpty();
  }
}
