package io.berth.metadata;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.UnavailableException;
import io.berth.api.errors.UnknownException;
import io.berth.snapshots.storage.PrefixIterator;
import io.berth.snapshots.storage.RocksNative;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The one RocksDB instance of the metadata store: byte keys and values, every write a synced
 * WriteBatch. Every RocksDBException is wrapped here, where it is thrown, naming the store and
 * the key. Operations after {@link #close()} fail with Unavailable; close waits for running
 * operations, so no native handle is used after it is freed.
 */
final class RocksStore implements AutoCloseable {

  static {
    RocksNative.load();
  }

  /** One key and value from a scan. */
  record Entry(byte[] key, byte[] value) {}

  /** Receives scanned entries; return false to stop. */
  @FunctionalInterface
  interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  /**
   * Receives scanned entries with the value in a buffer that the next entry reuses: the value is
   * {@code value[0, length)}, valid during the visit only. Return false to stop.
   */
  @FunctionalInterface
  interface ReusingVisitor {
    boolean visit(byte[] key, byte[] value, int length);
  }

  private final Path path;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Tidier tidier;
  private boolean closed;

  private RocksStore(Path path, Options options, WriteOptions writeOptions, RocksDB db) {
    this.path = path;
    this.options = options;
    this.writeOptions = writeOptions;
    this.db = db;
    this.tidier = new Tidier(this::flushSoon, this::flushAndCompact, path.toString());
  }

  /**
   * Memtable size: RocksDB's default (64 MB, two of them) kept up to 128 MB of recent writes in
   * berthd's memory; at 16 MB a flush to an SST file comes sooner. Durability is the synced WAL's.
   */
  private static final long WRITE_BUFFER_BYTES = 16L << 20;

  static RocksStore open(Path path) {
    Options options = new Options().setCreateIfMissing(true).setKeepLogFileNum(4)
        .setMaxManifestFileSize(64L << 20).setWriteBufferSize(WRITE_BUFFER_BYTES)
        .setRecycleLogFileNum(WalPrimer.RECYCLED_LOGS);
    WriteOptions writeOptions = new WriteOptions().setSync(true);
    try {
      RocksDB db = RocksDB.open(options, path.toString());
      try {
        WalPrimer.prime(db, WRITE_BUFFER_BYTES);
      } catch (RocksDBException e) {
        db.close();
        throw e;
      }
      return new RocksStore(path, options, writeOptions, db);
    } catch (RocksDBException e) {
      writeOptions.close();
      options.close();
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("lock") || msg.contains("LOCK")) {
        throw new FailedPreconditionException(
            "metadata store " + path + " is in use by another process: " + msg, e);
      }
      throw new UnknownException("metadata store " + path + ": open: " + msg, e);
    }
  }

  Path path() {
    return path;
  }

  byte[] get(byte[] key) {
    enter();
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw failure("get", key, e);
    } finally {
      leave();
    }
  }

  private static final System.Logger LOG = System.getLogger(RocksStore.class.getName());

  /**
   * Starts a flush of the memtable without waiting for it. A failure is only logged: the write
   * that asked for the flush is durable already, and the memtable is flushed when full anyway.
   */
  private void flushSoon() {
    try (FlushOptions f = new FlushOptions().setWaitForFlush(false).setAllowWriteStall(true)) {
      db.flush(f);
    } catch (RocksDBException e) {
      LOG.log(Level.WARNING, "metadata store " + path + ": early flush failed: " + e.getMessage());
    }
  }

  /**
   * Flushes the memtable and compacts the keys from {@code low} to {@code high} (both included),
   * which drops their old versions. Other compactions may run meanwhile. A failure is only logged,
   * as for {@link #flushSoon()}; after close this throws Unavailable.
   */
  private void flushAndCompact(byte[] low, byte[] high) {
    enter();
    try (FlushOptions f = new FlushOptions().setWaitForFlush(true).setAllowWriteStall(true);
        CompactRangeOptions c = new CompactRangeOptions().setExclusiveManualCompaction(false)) {
      db.flush(f);
      db.compactRange(db.getDefaultColumnFamily(), low, high, c);
    } catch (RocksDBException e) {
      LOG.log(Level.WARNING, "metadata store " + path + ": compaction failed: " + e.getMessage());
    } finally {
      leave();
    }
  }

  /** Applies the batch atomically, with the WAL synced before returning. */
  void write(Batch batch) {
    if (batch.isEmpty()) {
      return;
    }
    enter();
    try (WriteBatch wb = new WriteBatch()) {
      for (Batch.Op op : batch.ops()) {
        if (op.value() == null) {
          wb.delete(op.key());
        } else {
          wb.put(op.key(), op.value());
        }
      }
      db.write(writeOptions, wb);
      tidier.wrote(batch);
    } catch (RocksDBException e) {
      throw failure("write", batch.ops().getFirst().key(), e);
    } finally {
      leave();
    }
  }

  /** Visits the entries whose keys start with {@code prefix}, in key order. */
  void scan(byte[] prefix, Visitor visitor) {
    scanReusing(prefix, (key, buffer, length) -> visitor.visit(key, Arrays.copyOf(buffer, length)));
  }

  /**
   * As {@link #scan(byte[], Visitor)}, copying each value into one buffer (grown when a value
   * does not fit) instead of a new array per entry.
   */
  void scanReusing(byte[] prefix, ReusingVisitor visitor) {
    enter();
    byte[] buffer = new byte[SCAN_BUFFER_BYTES];
    try (PrefixIterator b = PrefixIterator.under(db, prefix)) {
      RocksIterator it = b.iterator();
      for (it.seek(prefix); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (!Keys.startsWith(key, prefix)) {
          break;
        }
        int length = it.value(buffer);
        if (length > buffer.length) {
          buffer = new byte[Math.max(length, 2 * buffer.length)];
          it.value(buffer);
        }
        if (!visitor.visit(key, buffer, length)) {
          break;
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan", prefix, e);
    } finally {
      leave();
    }
  }

  private static final int SCAN_BUFFER_BYTES = 4 << 10;

  List<Entry> scan(byte[] prefix) {
    List<Entry> out = new ArrayList<>();
    scan(prefix, (k, v) -> out.add(new Entry(k, v)));
    return out;
  }

  boolean any(byte[] prefix) {
    boolean[] found = {false};
    scan(prefix, (k, v) -> {
      found[0] = true;
      return false;
    });
    return found[0];
  }

  /**
   * The entries directly under {@code prefix} (keys with no further {@code /}), in key order;
   * the subtree of each child is skipped with one seek.
   */
  List<Entry> children(byte[] prefix) {
    enter();
    List<Entry> out = new ArrayList<>();
    try (PrefixIterator b = PrefixIterator.under(db, prefix)) {
      RocksIterator it = b.iterator();
      it.seek(prefix);
      while (it.isValid()) {
        byte[] key = it.key();
        if (!Keys.startsWith(key, prefix)) {
          break;
        }
        int slash = indexOf(key, (byte) '/', prefix.length);
        if (slash < 0) {
          out.add(new Entry(key, it.value()));
          it.next();
        } else {
          byte[] subtree = java.util.Arrays.copyOf(key, slash + 1);
          it.seek(PrefixIterator.upperBound(subtree));
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan", prefix, e);
    } finally {
      leave();
    }
    return out;
  }

  /** The distinct first parts of the keys under {@code prefix} that have something below them. */
  List<String> subtrees(byte[] prefix) {
    enter();
    List<String> out = new ArrayList<>();
    try (PrefixIterator b = PrefixIterator.under(db, prefix)) {
      RocksIterator it = b.iterator();
      it.seek(prefix);
      while (it.isValid()) {
        byte[] key = it.key();
        if (!Keys.startsWith(key, prefix)) {
          break;
        }
        int slash = indexOf(key, (byte) '/', prefix.length);
        if (slash < 0) {
          it.next();
        } else {
          byte[] subtree = java.util.Arrays.copyOf(key, slash + 1);
          out.add(Keys.unsegment(Keys.rest(java.util.Arrays.copyOf(key, slash), prefix)));
          it.seek(PrefixIterator.upperBound(subtree));
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("scan", prefix, e);
    } finally {
      leave();
    }
    return out;
  }

  private static int indexOf(byte[] key, byte b, int from) {
    for (int i = from; i < key.length; i++) {
      if (key[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void enter() {
    lifecycle.readLock().lock();
    if (closed) {
      lifecycle.readLock().unlock();
      throw new UnavailableException("metadata store " + path + " is closed");
    }
  }

  private void leave() {
    lifecycle.readLock().unlock();
  }

  private UnknownException failure(String op, byte[] key, RocksDBException e) {
    return new UnknownException(
        "metadata store " + path + ": " + op + " " + Keys.text(key) + ": " + e.getMessage(), e);
  }

  boolean isClosed() {
    lifecycle.readLock().lock();
    try {
      return closed;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Waits for running operations, then frees the database and its options. Idempotent. */
  @Override
  public void close() {
    tidier.close();
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        db.syncWal();
      } catch (RocksDBException e) {
        // Every write was already synced; this is belt and braces before closing.
      }
      db.close();
      writeOptions.close();
      options.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
