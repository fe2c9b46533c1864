package io.berth.metadata;

import java.util.ArrayList;
import java.util.List;

/** The puts and deletes of one mutation, applied by {@link RocksStore#write} atomically. */
final class Batch {

  /** A put, or a delete when {@code value} is null. */
  record Op(byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();
  private int hides;

  Batch put(byte[] key, byte[] value) {
    ops.add(new Op(key, value));
    return this;
  }

  /** A put over a value the key already has (which the put hides). */
  Batch replace(byte[] key, byte[] value) {
    hides++;
    return put(key, value);
  }

  Batch delete(byte[] key) {
    hides++;
    ops.add(new Op(key, null));
    return this;
  }

  /** How many entries this batch hides from readers: replaced values and deletions. */
  int hides() {
    return hides;
  }

  List<Op> ops() {
    return ops;
  }

  boolean isEmpty() {
    return ops.isEmpty();
  }
}
