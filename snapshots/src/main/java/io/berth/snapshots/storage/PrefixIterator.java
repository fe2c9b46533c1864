package io.berth.snapshots.storage;

import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A RocksDB iterator for the keys that start with a prefix, bounded where they end. Without the
 * bound, a step or a seek past the prefix's last key walks over every deleted entry that follows
 * it (until compaction drops them) to find the next live key. Both metadata stores (snapshots'
 * and berthd's) scan through it.
 */
public final class PrefixIterator implements AutoCloseable {

  private final ReadOptions options;
  private final Slice bound; // null for a prefix of 0xFF bytes only, which has no upper bound
  private final RocksIterator iterator;

  private PrefixIterator(ReadOptions options, Slice bound, RocksIterator iterator) {
    this.options = options;
    this.bound = bound;
    this.iterator = iterator;
  }

  /** An iterator of {@code db}'s latest state for {@code prefix}, not yet positioned. */
  public static PrefixIterator under(RocksDB db, byte[] prefix) {
    return under(db, prefix, null);
  }

  /** As {@link #under(RocksDB, byte[])}, reading {@code snapshot} (null: the latest state). */
  public static PrefixIterator under(RocksDB db, byte[] prefix, Snapshot snapshot) {
    ReadOptions options = new ReadOptions();
    if (snapshot != null) {
      options.setSnapshot(snapshot);
    }
    Slice bound = null;
    if (hasUpperBound(prefix)) {
      bound = new Slice(upperBound(prefix));
      options.setIterateUpperBound(bound);
    }
    return new PrefixIterator(options, bound, db.newIterator(options));
  }

  public RocksIterator iterator() {
    return iterator;
  }

  /**
   * The smallest key above every key that starts with {@code prefix}.
   *
   * @throws IllegalArgumentException for a prefix of 0xFF bytes only
   */
  public static byte[] upperBound(byte[] prefix) {
    byte[] bound = prefix.clone();
    for (int i = bound.length - 1; i >= 0; i--) {
      if (bound[i] != (byte) 0xFF) {
        bound[i]++;
        return Arrays.copyOf(bound, i + 1);
      }
    }
    throw new IllegalArgumentException("no upper bound for an all-0xFF prefix");
  }

  private static boolean hasUpperBound(byte[] prefix) {
    for (byte b : prefix) {
      if (b != (byte) 0xFF) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    iterator.close();
    options.close();
    if (bound != null) {
      bound.close();
    }
  }
}
