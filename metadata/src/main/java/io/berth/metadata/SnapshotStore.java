package io.berth.metadata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The snapshot records of every namespace: for each namespace and snapshotter name, a key (any
 * string) mapped to its backend key, parent, kind, labels and timestamps, plus a link from each
 * parent to each child. This is only the record keeping; the rules (containerd's metadata
 * snapshotter) and the calls into the backend live in {@link io.berth.metadata.snapshots}.
 *
 * <p>Reads need no lock. Mutations go through a {@link Writer}, which holds the namespace shared
 * (so namespace delete, which counts snapshots, cannot interleave) and the namespace's lock for
 * that snapshotter, so a check followed by a write is atomic. Every write is one synced batch.
 */
public final class SnapshotStore {

  /** containerd's bolt orders keys by their bytes; escaping must not change the order we list. */
  private static final Comparator<SnapshotEntry> BY_KEY_BYTES = (a, b) -> Arrays.compareUnsigned(
      Keys.bytes(a.key()), Keys.bytes(b.key()));

  private final StoreContext ctx;
  private final ConcurrentHashMap<String, ReentrantLock> writers = new ConcurrentHashMap<>();

  SnapshotStore(StoreContext ctx) {
    this.ctx = ctx;
  }

  /** The store's clock: what snapshot timestamps are taken from (UTC). */
  public Instant now() {
    return ctx.now();
  }

  /** The record of {@code key}, if there is one. */
  public Optional<SnapshotEntry> get(String namespace, String snapshotter, String key) {
    String ns = NamespaceRule.require(namespace);
    return read(ns, requireName(snapshotter), Objects.requireNonNull(key, "key"));
  }

  /** The namespace's snapshots of {@code snapshotter}, ordered by the UTF-8 bytes of their keys. */
  public List<SnapshotEntry> list(String namespace, String snapshotter) {
    String ns = NamespaceRule.require(namespace);
    byte[] prefix = Keys.snapshotter(ns, requireName(snapshotter));
    List<SnapshotEntry> out = new ArrayList<>();
    for (RocksStore.Entry e : ctx.rocks.children(prefix)) {
      String key = Keys.unsegment(Keys.rest(e.key(), prefix));
      out.add(SnapshotCodec.decode(key, e.key(), e.value()));
    }
    out.sort(BY_KEY_BYTES);
    return out;
  }

  /** The backend keys that the records of every namespace refer to for {@code snapshotter}. */
  public Set<String> backendKeys(String snapshotter) {
    String name = requireName(snapshotter);
    Set<String> out = new HashSet<>();
    byte[] namespaces = Keys.namespaces();
    for (RocksStore.Entry ns : ctx.rocks.children(namespaces)) {
      byte[] prefix = Keys.snapshotter(Keys.unsegment(Keys.rest(ns.key(), namespaces)), name);
      for (RocksStore.Entry e : ctx.rocks.children(prefix)) {
        String key = Keys.unsegment(Keys.rest(e.key(), prefix));
        out.add(SnapshotCodec.decode(key, e.key(), e.value()).backendKey());
      }
    }
    return out;
  }

  /**
   * Locks the snapshots of {@code snapshotter} in {@code namespace} for a check-then-write; close
   * the writer to release them. Writers of other namespaces or snapshotters do not wait.
   */
  public Writer writer(String namespace, String snapshotter) {
    String ns = NamespaceRule.require(namespace);
    String name = requireName(snapshotter);
    Locks.Held shared = ctx.locks.namespace(ns).shared();
    ReentrantLock lock = writers.computeIfAbsent(ns + '\0' + name, k -> new ReentrantLock());
    lock.lock();
    return new Writer(ns, name, () -> {
      lock.unlock();
      shared.close();
    });
  }

  private Optional<SnapshotEntry> read(String ns, String snapshotter, String key) {
    byte[] k = Keys.snapshot(ns, snapshotter, key);
    byte[] value = ctx.rocks.get(k);
    return value == null ? Optional.empty() : Optional.of(SnapshotCodec.decode(key, k, value));
  }

  private static String requireName(String snapshotter) {
    if (snapshotter == null || snapshotter.isEmpty()) {
      throw new IllegalArgumentException("snapshotter name must not be empty");
    }
    return snapshotter;
  }

  /**
   * The mutations of one namespace's snapshots of one snapshotter, made while holding its lock.
   * Not for use by more than one thread; close it in the thread that opened it.
   */
  public final class Writer implements AutoCloseable {

    private final String ns;
    private final String snapshotter;
    private final Locks.Held held;
    private boolean closed;

    private Writer(String ns, String snapshotter, Locks.Held held) {
      this.ns = ns;
      this.snapshotter = snapshotter;
      this.held = held;
    }

    public Optional<SnapshotEntry> get(String key) {
      requireOpen();
      return read(ns, snapshotter, key);
    }

    /** Whether any snapshot names {@code key} as its parent. */
    public boolean hasChildren(String key) {
      requireOpen();
      return ctx.rocks.any(Keys.snapshotChildren(ns, snapshotter, key));
    }

    /** Stores a new snapshot and its parent's link to it; creates the namespace if needed. */
    public void create(SnapshotEntry entry) {
      requireOpen();
      Batch batch = new Batch().put(key(entry.key()), SnapshotCodec.encode(entry));
      String parent = entry.info().parent();
      if (!parent.isEmpty()) {
        batch.put(Keys.snapshotChild(ns, snapshotter, parent, entry.key()), new byte[0]);
      }
      ctx.writeInNamespace(ns, false, batch);
    }

    /** Replaces the record of an existing snapshot (its labels and update time). */
    public void replace(SnapshotEntry entry) {
      requireOpen();
      ctx.rocks.write(new Batch().put(key(entry.key()), SnapshotCodec.encode(entry)));
    }

    /**
     * Replaces the record of {@code key} by {@code committed} (stored under its own name) and
     * moves the parent's link from the old key to the new name, in one write.
     */
    public void commit(String key, SnapshotEntry committed) {
      requireOpen();
      Batch batch = new Batch()
          .delete(key(key))
          .put(key(committed.key()), SnapshotCodec.encode(committed));
      String parent = committed.info().parent();
      if (!parent.isEmpty()) {
        batch.delete(Keys.snapshotChild(ns, snapshotter, parent, key))
            .put(Keys.snapshotChild(ns, snapshotter, parent, committed.key()), new byte[0]);
      }
      ctx.writeInNamespace(ns, false, batch);
    }

    /** Deletes the record of {@code entry} and its parent's link to it. */
    public void delete(SnapshotEntry entry) {
      requireOpen();
      Batch batch = new Batch().delete(key(entry.key()));
      String parent = entry.info().parent();
      if (!parent.isEmpty()) {
        batch.delete(Keys.snapshotChild(ns, snapshotter, parent, entry.key()));
      }
      ctx.rocks.write(batch);
    }

    private byte[] key(String key) {
      return Keys.snapshot(ns, snapshotter, key);
    }

    private void requireOpen() {
      if (closed) {
        throw new IllegalStateException("snapshot writer is closed");
      }
    }

    /** Releases the locks. Idempotent. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        held.close();
      }
    }
  }
}
