package io.berth.metadata;

import java.util.ArrayList;
import java.util.List;

/** The puts and deletes of one mutation, applied by {@link RocksStore#write} atomically. */
final class Batch {

  /** A put, or a delete when {@code value} is null. */
  record Op(byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();

  Batch put(byte[] key, byte[] value) {
    ops.add(new Op(key, value));
    return this;
  }

  Batch delete(byte[] key) {
    ops.add(new Op(key, null));
    return this;
  }

  List<Op> ops() {
    return ops;
  }

  boolean isEmpty() {
    return ops.isEmpty();
  }
}
