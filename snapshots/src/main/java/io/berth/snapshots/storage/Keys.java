package io.berth.snapshots.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds and reads every RocksDB key of the snapshot metadata store (see package-info). */
final class Keys {

  static final byte[] SCHEMA = bytes("schema");
  static final byte[] SCHEMA_VERSION = bytes("1");
  static final byte[] SEQUENCE = bytes("v1/sequence");
  static final byte[] SNAPSHOTS = bytes("v1/snapshots/");
  static final byte[] IDS = bytes("v1/ids/");
  static final byte[] CHILDREN = bytes("v1/children/");

  private Keys() {}

  static byte[] snapshot(String key) {
    return concat(SNAPSHOTS, bytes(key));
  }

  static String snapshotName(byte[] dbKey) {
    return new String(dbKey, SNAPSHOTS.length, dbKey.length - SNAPSHOTS.length, StandardCharsets.UTF_8);
  }

  static byte[] id(long id) {
    return concat(IDS, u64(id));
  }

  static long idOf(byte[] dbKey) {
    return ByteBuffer.wrap(dbKey, IDS.length, 8).getLong();
  }

  static byte[] child(long parent, long child) {
    return concat(CHILDREN, concat(u64(parent), u64(child)));
  }

  static byte[] childrenOf(long parent) {
    return concat(CHILDREN, u64(parent));
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long u64(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  static boolean hasPrefix(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
