package io.berth.snapshots.storage;

import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnavailableException;
import io.berth.api.errors.UnknownException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The snapshot records of one snapshotter in its own RocksDB (key tree in package-info). Reads
 * are safe from any thread; writes go through {@link #write} and the caller serialises them.
 * Every RocksDBException is wrapped here, naming the store and the key.
 */
final class MetaStore implements AutoCloseable {

  private static final int MAX_CHAIN = 100_000;

  private final Path dir;
  private final Options options;
  private final LRUCache cache;
  private final WriteOptions syncWrites;
  private final RocksDB db;
  private long lastId;

  private MetaStore(Path dir, Options options, LRUCache cache, WriteOptions syncWrites, RocksDB db) {
    this.dir = dir;
    this.options = options;
    this.cache = cache;
    this.syncWrites = syncWrites;
    this.db = db;
  }

  static MetaStore open(Path dir) {
    RocksNative.load();
    LRUCache cache = new LRUCache(1L << 20);
    Options options = new Options()
        .setCreateIfMissing(true)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(2)
        .setWriteBufferSize(4L << 20)
        .setMaxWriteBufferNumber(2)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
    WriteOptions syncWrites = new WriteOptions().setSync(true);
    RocksDB db;
    try {
      db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      syncWrites.close();
      options.close();
      cache.close();
      throw new UnavailableException("open snapshot metadata " + dir + ": " + e.getMessage(), e);
    }
    MetaStore store = new MetaStore(dir, options, cache, syncWrites, db);
    try {
      store.checkSchema();
      byte[] seq = store.get(Keys.SEQUENCE);
      store.lastId = seq == null ? 0 : Keys.u64(seq);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private void checkSchema() {
    byte[] schema = get(Keys.SCHEMA);
    if (schema == null) {
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(Keys.SCHEMA, Keys.SCHEMA_VERSION);
        db.write(syncWrites, batch);
      } catch (RocksDBException e) {
        throw failure("write schema", e);
      }
    } else if (!Arrays.equals(schema, Keys.SCHEMA_VERSION)) {
      throw new UnknownException("snapshot metadata " + dir + " has schema "
          + new String(schema, StandardCharsets.UTF_8) + "; this Berth reads schema 1");
    }
  }

  Optional<SnapshotRecord> find(String name) {
    byte[] value = get(Keys.snapshot(name));
    return value == null ? Optional.empty() : Optional.of(RecordCodec.decode(name, value));
  }

  /** The record of {@code name}, or NotFound {@code snapshot <name> does not exist}. */
  SnapshotRecord require(String name) {
    return find(name).orElseThrow(() -> new NotFoundException("snapshot " + name + " does not exist"));
  }

  /** The ids of the parent chain of a snapshot whose parent is {@code parent}, nearest first. */
  List<String> parentIds(String parent) {
    List<String> ids = new ArrayList<>();
    String name = parent;
    while (!name.isEmpty()) {
      SnapshotRecord p = find(name).orElseThrow(
          () -> new UnknownException("snapshot metadata " + dir + ": missing parent"));
      ids.add(p.idString());
      if (ids.size() > MAX_CHAIN) {
        throw new UnknownException("snapshot metadata " + dir + ": parent chain has a cycle");
      }
      name = p.parent();
    }
    return ids;
  }

  boolean hasChildren(long id) {
    byte[] prefix = Keys.childrenOf(id);
    try (PrefixIterator children = PrefixIterator.under(db, prefix)) {
      RocksIterator it = children.iterator();
      it.seek(prefix);
      boolean found = it.isValid() && Keys.hasPrefix(it.key(), prefix);
      check(it, "children of " + id);
      return found;
    }
  }

  /** The id the next created snapshot gets; handed out for good only by a successful write. */
  long nextId() {
    return lastId + 1;
  }

  /** The ids that have a record, as directory names. */
  Set<String> ids() {
    Set<String> ids = new HashSet<>();
    scan(Keys.IDS, (k, v) -> ids.add(Long.toString(Keys.idOf(k))));
    return ids;
  }

  /** Every record, read from one consistent point in time. */
  List<Map.Entry<String, SnapshotRecord>> all() {
    List<Map.Entry<String, SnapshotRecord>> out = new ArrayList<>();
    scan(Keys.SNAPSHOTS, (k, v) -> {
      String name = Keys.snapshotName(k);
      out.add(Map.entry(name, RecordCodec.decode(name, v)));
    });
    return out;
  }

  /** Applies {@code batch} atomically, with the WAL synced before returning. */
  void write(Batch batch) {
    try {
      db.write(syncWrites, batch.batch);
      if (batch.sequence > lastId) {
        lastId = batch.sequence;
      }
    } catch (RocksDBException e) {
      throw failure("write " + batch.what, e);
    }
  }

  @Override
  public void close() {
    db.close();
    syncWrites.close();
    options.close();
    cache.close();
  }

  private interface EntryConsumer {
    void accept(byte[] key, byte[] value);
  }

  private void scan(byte[] prefix, EntryConsumer consumer) {
    Snapshot snapshot = db.getSnapshot();
    try (PrefixIterator scan = PrefixIterator.under(db, prefix, snapshot)) {
      RocksIterator it = scan.iterator();
      for (it.seek(prefix); it.isValid(); it.next()) {
        consumer.accept(it.key(), it.value());
      }
      check(it, "scan");
    } finally {
      db.releaseSnapshot(snapshot);
    }
  }

  private byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw failure("read " + new String(key, StandardCharsets.UTF_8), e);
    }
  }

  private void check(RocksIterator it, String what) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw failure(what, e);
    }
  }

  private UnknownException failure(String what, RocksDBException e) {
    return new UnknownException("snapshot metadata " + dir + ": " + what + ": " + e.getMessage(), e);
  }

  /** One atomic change: the puts and deletes of one snapshotter call. */
  static final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();
    private final String what;
    private long sequence;

    Batch(String what) {
      this.what = what;
    }

    Batch putRecord(String name, SnapshotRecord record) {
      return put(Keys.snapshot(name), RecordCodec.encode(record));
    }

    Batch deleteRecord(String name) {
      return delete(Keys.snapshot(name));
    }

    Batch putOwner(long id, String name) {
      return put(Keys.id(id), Keys.bytes(name));
    }

    Batch deleteOwner(long id) {
      return delete(Keys.id(id));
    }

    Batch putChild(long parent, long child, String name) {
      return put(Keys.child(parent, child), Keys.bytes(name));
    }

    Batch deleteChild(long parent, long child) {
      return delete(Keys.child(parent, child));
    }

    Batch useId(long id) {
      sequence = id;
      return put(Keys.SEQUENCE, Keys.u64(id));
    }

    private Batch put(byte[] key, byte[] value) {
      try {
        batch.put(key, value);
      } catch (RocksDBException e) {
        throw new UnknownException("snapshot metadata: batch " + what + ": " + e.getMessage(), e);
      }
      return this;
    }

    private Batch delete(byte[] key) {
      try {
        batch.delete(key);
      } catch (RocksDBException e) {
        throw new UnknownException("snapshot metadata: batch " + what + ": " + e.getMessage(), e);
      }
      return this;
    }

    @Override
    public void close() {
      batch.close();
    }
  }
}
