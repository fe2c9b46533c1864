package io.berth.metadata.snapshots;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.events.SnapshotCommit;
import io.berth.api.events.SnapshotPrepare;
import io.berth.api.events.SnapshotRemove;
import io.berth.api.filters.Filter;
import io.berth.api.filters.Filters;
import io.berth.api.validation.GoQuote;
import io.berth.api.validation.Labels;
import io.berth.events.Exchange;
import io.berth.metadata.NamespaceRule;
import io.berth.metadata.SnapshotEntry;
import io.berth.metadata.SnapshotStore;
import io.berth.mount.Mount;
import io.berth.snapshots.Info;
import io.berth.snapshots.Kind;
import io.berth.snapshots.Snapshotter;
import io.berth.snapshots.Usage;
import io.berth.snapshots.storage.SnapshotFields;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * One backend snapshotter (e.g. {@code overlayfs}) seen per namespace, with containerd's metadata
 * layer rules ({@code metadata/snapshot.go}) and the events of its snapshots service.
 *
 * <p>Every namespace has its own key space. A key is any non-empty string; the backend holds the
 * snapshot under {@code <ns>/<seq>/<key>}, so a removed key can be used again at once and no key
 * reaches a path. The records (key, backend key, parent, kind, labels, times) live in the
 * metadata store ({@link SnapshotStore}); Stat and Walk read only them. Errors name the caller's
 * keys, never backend keys.
 *
 * <p>Labels: all are stored; only {@code containerd.io/snapshot/*} and
 * {@code containerd.io/snapshot.ref} are passed on to the backend. Events, published after
 * success: {@code /snapshot/prepare} (Prepare, not View), {@code /snapshot/commit},
 * {@code /snapshot/remove}.
 *
 * <p>Consistency: a new snapshot is checked, made in the backend without holding the namespace's
 * lock, checked again and recorded (the backend snapshot is removed if the second check fails);
 * commit and update call the backend while holding the lock; remove deletes the record, then the
 * backend snapshot. Backend snapshots that no record refers to (left by a crash between the two
 * steps, or a failed backend removal) are removed when the snapshotter opens and on
 * {@link #cleanup()}, which excludes every mutation while it runs.
 */
public final class NamespacedSnapshotter {

  private static final System.Logger LOG =
      System.getLogger(NamespacedSnapshotter.class.getName());

  /** bbolt's key limit, which bounds containerd's snapshot keys. */
  static final int MAX_KEY_BYTES = 32768;

  private final String name;
  private final Snapshotter backend;
  private final SnapshotStore store;
  private final Exchange exchange;
  private final AtomicLong sequence = new AtomicLong();
  /** Mutations hold it shared; the sweep of unreferenced backend snapshots exclusively. */
  private final ReentrantReadWriteLock sweep = new ReentrantReadWriteLock();

  /**
   * Serves {@code backend} under {@code name}: removes backend snapshots no record refers to and
   * continues the backend key sequence after the highest one in use.
   */
  NamespacedSnapshotter(String name, Snapshotter backend, SnapshotStore store, Exchange exchange) {
    this.name = Objects.requireNonNull(name, "name");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.store = Objects.requireNonNull(store, "store");
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    long highest = 0;
    for (String key : store.backendKeys(name)) {
      highest = Math.max(highest, BackendKeys.sequence(key).orElse(0));
    }
    List<Info> held = new ArrayList<>();
    backend.walk(held::add);
    for (Info info : held) {
      highest = Math.max(highest, BackendKeys.sequence(info.name()).orElse(0));
    }
    sequence.set(highest);
    sweepUnreferenced();
  }

  /** The name clients select this snapshotter by, e.g. {@code overlayfs}. */
  public String name() {
    return name;
  }

  /** The snapshot {@code key} of any kind. */
  public Info stat(String namespace, String key) {
    return require(NamespaceRule.require(namespace), key).info();
  }

  /**
   * Changes labels as containerd does: with paths, {@code labels} replaces all and
   * {@code labels.<k>} sets {@code k} from {@code info} (deleting it when absent or empty); with
   * none, all labels are replaced. Any other path is InvalidArgument
   * {@code cannot update "<p>" field on snapshot "<name>"}. The backend gets the inherited labels
   * with the same paths. Returns the stored snapshot.
   */
  public Info update(String namespace, Info info, Set<String> fieldPaths) {
    String ns = NamespaceRule.require(namespace);
    Objects.requireNonNull(info, "info");
    if (info.name().isEmpty()) {
      throw new InvalidArgumentException("");
    }
    List<String> paths = fieldPaths == null ? List.of() : List.copyOf(fieldPaths);
    sweep.readLock().lock();
    try (SnapshotStore.Writer w = store.writer(ns, name)) {
      SnapshotEntry current = w.get(info.name()).orElseThrow(() -> missing(info.name()));
      Map<String, String> labels = new HashMap<>(current.info().labels());
      if (paths.isEmpty()) {
        labels = new HashMap<>(info.labels());
      }
      for (String path : paths) {
        if (path.startsWith("labels.")) {
          String k = path.substring("labels.".length());
          labels.put(k, info.labels().getOrDefault(k, ""));
        } else if (path.equals("labels")) {
          labels = new HashMap<>(info.labels());
        } else {
          throw new InvalidArgumentException("cannot update " + GoQuote.quote(path)
              + " field on snapshot " + GoQuote.quote(info.name()));
        }
      }
      Map<String, String> stored;
      try {
        stored = checkLabels(labels);
      } catch (UnknownException writeFailed) {
        // containerd's Update words its label write failures so.
        throw writeFailed.withPrefix("failed to read labels");
      }
      String bkey = current.backendKey();
      try {
        backend.update(Info.forUpdate(bkey, InheritedLabels.filter(stored)), Set.copyOf(paths));
      } catch (RuntimeException e) {
        throw BackendErrors.translate(e, BackendErrors.keys(bkey, info.name()));
      }
      Info old = current.info();
      Info updated = new Info(old.name(), old.parent(), old.kind(), stored, old.created(),
          later(store.now(), old.updated()));
      w.replace(new SnapshotEntry(updated, bkey));
      return updated;
    } finally {
      sweep.readLock().unlock();
    }
  }

  /** The disk used by the snapshot's own layer, from the backend. */
  public Usage usage(String namespace, String key) {
    SnapshotEntry e = require(NamespaceRule.require(namespace), key);
    try {
      return backend.usage(e.backendKey());
    } catch (RuntimeException x) {
      throw BackendErrors.translate(x, BackendErrors.keys(e.backendKey(), key));
    }
  }

  /** How to mount the Active or View snapshot {@code key}; Committed is FailedPrecondition. */
  public List<Mount> mounts(String namespace, String key) {
    SnapshotEntry e = require(NamespaceRule.require(namespace), key);
    if (e.info().kind() == Kind.COMMITTED) {
      throw new FailedPreconditionException(
          "failed to get active mount: requested snapshot " + key + " not active or view");
    }
    try {
      return backend.mounts(e.backendKey());
    } catch (RuntimeException x) {
      throw BackendErrors.translate(x, BackendErrors.keys(e.backendKey(), key));
    }
  }

  /** Makes the Active snapshot {@code key} on the Committed {@code parent} ("" for none). */
  public List<Mount> prepare(
      String namespace, String key, String parent, Map<String, String> labels) {
    String ns = NamespaceRule.require(namespace);
    String p = parent == null ? "" : parent;
    List<Mount> mounts = create(ns, Kind.ACTIVE, key, p, labels);
    exchange.publish(ns, "/snapshot/prepare",
        SnapshotPrepare.newBuilder().setKey(key).setParent(p).build());
    return mounts;
  }

  /** Makes the read-only View snapshot {@code key} of {@code parent}; publishes nothing. */
  public List<Mount> view(
      String namespace, String key, String parent, Map<String, String> labels) {
    String ns = NamespaceRule.require(namespace);
    return create(ns, Kind.VIEW, key, parent == null ? "" : parent, labels);
  }

  private List<Mount> create(
      String ns, Kind kind, String key, String parent, Map<String, String> labels) {
    Objects.requireNonNull(key, "key");
    Map<String, String> stored = checkLabels(labels == null ? Map.of() : labels);
    String target = stored.getOrDefault(InheritedLabels.REF, "");
    sweep.readLock().lock();
    try {
      String bkey;
      String bparent;
      try (SnapshotStore.Writer w = store.writer(ns, name)) {
        if (!target.isEmpty() && w.get(target).isPresent()) {
          throw new AlreadyExistsException("target snapshot " + GoQuote.quote(target));
        }
        bparent = checkNew(w, key, parent);
        bkey = BackendKeys.of(ns, sequence.incrementAndGet(), key);
      }
      List<Mount> mounts;
      try {
        Map<String, String> inherited = InheritedLabels.filter(stored);
        mounts = kind == Kind.VIEW
            ? backend.view(bkey, bparent, inherited)
            : backend.prepare(bkey, bparent, inherited);
      } catch (AlreadyExistsException e) {
        throw new UnknownException("unexpected error from snapshotter: "
            + BackendErrors.translate(e, BackendErrors.keys(bkey, key)).getMessage(), e);
      } catch (RuntimeException e) {
        throw BackendErrors.translate(e, BackendErrors.keys(bkey, key, bparent, parent));
      }
      try (SnapshotStore.Writer w = store.writer(ns, name)) {
        String again = checkNew(w, key, parent);
        if (!again.equals(bparent)) {
          throw new InvalidArgumentException("mismatched parent " + parent + " from target "
              + target);
        }
        Instant now = store.now();
        w.create(new SnapshotEntry(new Info(key, parent, kind, stored, now, now), bkey));
      } catch (RuntimeException e) {
        discard(bkey, e);
        throw e;
      }
      return mounts;
    } finally {
      sweep.readLock().unlock();
    }
  }

  /** Checks that {@code key} is free and {@code parent} usable; returns the parent's backend key. */
  private static String checkNew(SnapshotStore.Writer w, String key, String parent) {
    if (w.get(key).isPresent()) {
      throw new AlreadyExistsException("snapshot " + GoQuote.quote(key));
    }
    String bparent = "";
    if (!parent.isEmpty()) {
      SnapshotEntry p = w.get(parent).orElseThrow(() ->
          new NotFoundException("parent snapshot " + parent + " does not exist"));
      if (p.info().kind() != Kind.COMMITTED) {
        throw new InvalidArgumentException("failed to create snapshot: parent "
            + GoQuote.quote(parent) + " is not committed snapshot");
      }
      bparent = p.backendKey();
    }
    checkRecordKey(key);
    return bparent;
  }

  /**
   * Turns the Active snapshot {@code key} into the Committed snapshot {@code name} with
   * {@code labels} (the key's labels are not kept); {@code key} stops existing.
   */
  public void commit(String namespace, String name, String key, Map<String, String> labels) {
    String ns = NamespaceRule.require(namespace);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Map<String, String> stored = checkLabels(labels == null ? Map.of() : labels);
    sweep.readLock().lock();
    try (SnapshotStore.Writer w = store.writer(ns, this.name)) {
      checkRecordKey(name);
      if (w.get(name).isPresent()) {
        throw new AlreadyExistsException("snapshot " + GoQuote.quote(name));
      }
      SnapshotEntry active = w.get(key).orElseThrow(() -> missing(key));
      if (active.info().kind() != Kind.ACTIVE) {
        throw new FailedPreconditionException(
            "failed to commit snapshot: snapshot " + GoQuote.quote(key) + " is not active");
      }
      String bname = BackendKeys.of(ns, sequence.incrementAndGet(), name);
      try {
        backend.commit(bname, active.backendKey(), InheritedLabels.filter(stored));
      } catch (RuntimeException e) {
        throw BackendErrors.translate(e,
            BackendErrors.keys(bname, name, active.backendKey(), key));
      }
      Instant now = store.now();
      Info committed = new Info(name, active.info().parent(), Kind.COMMITTED, stored, now, now);
      w.commit(key, new SnapshotEntry(committed, bname));
    } finally {
      sweep.readLock().unlock();
    }
    exchange.publish(ns, "/snapshot/commit",
        SnapshotCommit.newBuilder().setKey(key).setName(name).build());
  }

  /**
   * Removes the snapshot {@code key} of any kind; one that is the parent of another is
   * FailedPrecondition {@code cannot remove snapshot with child}. The key is free at once.
   */
  public void remove(String namespace, String key) {
    String ns = NamespaceRule.require(namespace);
    Objects.requireNonNull(key, "key");
    sweep.readLock().lock();
    try {
      SnapshotEntry entry;
      try (SnapshotStore.Writer w = store.writer(ns, name)) {
        entry = w.get(key).orElseThrow(() -> missing(key));
        if (w.hasChildren(key)) {
          throw new FailedPreconditionException("cannot remove snapshot with child");
        }
        w.delete(entry);
      }
      removeBackend(entry.backendKey(), "removed snapshot " + key + " of namespace " + ns);
    } finally {
      sweep.readLock().unlock();
    }
    exchange.publish(ns, "/snapshot/remove", SnapshotRemove.newBuilder().setKey(key).build());
  }

  /**
   * Calls {@code fn} for each snapshot of the namespace matching any of the filters (all when
   * none), ordered by key; fields {@code name}, {@code parent}, {@code kind},
   * {@code labels.<k>}. A bad filter is InvalidArgument. {@code fn} runs holding no lock.
   */
  public void walk(String namespace, Consumer<Info> fn, List<String> filters) {
    String ns = NamespaceRule.require(namespace);
    Objects.requireNonNull(fn, "fn");
    Filter filter = Filters.parse(filters == null ? List.of() : filters);
    for (SnapshotEntry e : store.list(ns, name)) {
      Info info = e.info();
      if (filter.match(path -> SnapshotFields.field(info, path))) {
        fn.accept(info);
      }
    }
  }

  /**
   * Removes backend snapshots that no namespace's record refers to, then lets the backend remove
   * directories it no longer owns. Mutations wait while this runs.
   */
  public void cleanup() {
    sweepUnreferenced();
    backend.cleanup();
  }

  /** Closes the backend. */
  void close() {
    backend.close();
  }

  private void sweepUnreferenced() {
    sweep.writeLock().lock();
    try {
      Set<String> referenced = store.backendKeys(name);
      List<Info> all = new ArrayList<>();
      backend.walk(all::add);
      for (String bkey : BackendSweep.removalOrder(all, referenced)) {
        removeBackend(bkey, "unreferenced backend snapshot");
      }
    } finally {
      sweep.writeLock().unlock();
    }
  }

  private void removeBackend(String bkey, String what) {
    try {
      backend.remove(bkey);
    } catch (NotFoundException gone) {
      // Already gone from the backend: nothing left to do.
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, name + ": cannot remove " + what + " (" + bkey
          + ") from the backend; cleanup will retry: " + e.getMessage());
    }
  }

  private void discard(String bkey, RuntimeException cause) {
    try {
      backend.remove(bkey);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      LOG.log(Level.WARNING, name + ": cannot remove unrecorded backend snapshot " + bkey
          + "; cleanup will retry: " + e.getMessage());
    }
  }

  private SnapshotEntry require(String ns, String key) {
    Objects.requireNonNull(key, "key");
    Optional<SnapshotEntry> e = store.get(ns, name, key);
    return e.orElseThrow(() -> missing(key));
  }

  private static NotFoundException missing(String key) {
    return new NotFoundException("snapshot " + key + " does not exist");
  }

  /** bbolt's rules for a bucket name, which a containerd snapshot key is. */
  private static void checkRecordKey(String key) {
    if (key.isEmpty()) {
      throw new UnknownException("bucket name required");
    }
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new UnknownException("key too large");
    }
  }

  /**
   * containerd's validation of all labels ({@code info.Labels: …}), then bbolt's refusal of an
   * empty label key when it writes them ({@code failed to set label ""="v": key required});
   * empty values are dropped, as containerd never stores them.
   */
  private static Map<String, String> checkLabels(Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      try {
        Labels.validate(Objects.requireNonNull(e.getKey(), "label key"),
            Objects.requireNonNull(e.getValue(), "label value"));
      } catch (BerthException invalid) {
        throw invalid.withPrefix("info.Labels");
      }
    }
    Map<String, String> out = new HashMap<>();
    labels.forEach((k, v) -> {
      if (!v.isEmpty()) {
        if (k.isEmpty()) {
          throw new UnknownException("failed to set label " + GoQuote.quote(k) + "="
              + GoQuote.quote(v) + ": key required");
        }
        out.put(k, v);
      }
    });
    return out;
  }

  private static Instant later(Instant now, Instant previous) {
    return now.isAfter(previous) ? now : previous.plusNanos(1);
  }
}
