package io.berth.snapshots.storage;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.validation.GoQuote;
import io.berth.api.validation.Labels;
import io.berth.mount.Mount;
import io.berth.snapshots.Info;
import io.berth.snapshots.Kind;
import io.berth.snapshots.Snapshotter;
import io.berth.snapshots.Usage;
import io.berth.snapshots.fs.DiskUsage;
import io.berth.snapshots.fs.TreeDeleter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The lifecycle shared by the directory snapshotters: records in a {@link MetaStore}, one
 * directory {@code <root>/snapshots/<id>} per snapshot. A subclass decides what goes into a new
 * snapshot's directory ({@link #populate}) and how it is mounted ({@link #mounts(StoredSnapshot)}).
 *
 * <p>Creation makes a temporary directory, fills it, renames it to the id and only then writes
 * the record; on any failure the directories are removed and nothing is recorded. Removal writes
 * first and deletes the directory after; a directory left behind is an orphan for
 * {@link #cleanup}.
 *
 * <p>Concurrency: one writer at a time; readers do not wait for writers. {@link #close} waits for
 * calls in progress. Walk calls its function after reading, holding no lock.
 */
public abstract class StoredSnapshotter implements Snapshotter {

  /** bbolt's key limit, which bounds containerd's snapshot keys too. */
  public static final int MAX_KEY_BYTES = 32768;

  private static final System.Logger LOG = System.getLogger(StoredSnapshotter.class.getName());

  private final Path root;
  private final Path snapshots;
  private final MetaStore store;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final ReentrantLock writes = new ReentrantLock();
  private boolean closed;

  /** Opens (creating if needed) {@code root}, {@code root/snapshots} and {@code root/metadata.db}. */
  protected StoredSnapshotter(Path root) {
    Objects.requireNonNull(root, "root");
    this.root = root.toAbsolutePath().normalize();
    this.snapshots = this.root.resolve("snapshots");
    try {
      createPrivateDirectory(this.root);
      createPrivateDirectory(snapshots);
    } catch (IOException e) {
      throw new UnknownException("create snapshotter root " + this.root + ": " + e.getMessage(), e);
    }
    this.store = MetaStore.open(this.root.resolve("metadata.db"));
  }

  /** Fills the new snapshot's directory {@code dir} (still under a temporary name). */
  protected abstract void populate(Path dir, StoredSnapshot snapshot) throws IOException;

  /** The mounts of an Active or View snapshot. */
  protected abstract List<Mount> mounts(StoredSnapshot snapshot);

  public final Path root() {
    return root;
  }

  /** {@code <root>/snapshots/<id>}. */
  protected final Path snapshotDir(String id) {
    return snapshots.resolve(id);
  }

  /** {@code <root>/snapshots/<id>/fs}: the snapshot's own layer. */
  protected final Path fsDir(String id) {
    return snapshotDir(id).resolve("fs");
  }

  @Override
  public Info stat(String key) {
    return read(() -> store.require(requireKey(key, "key")).info(key));
  }

  @Override
  public Info update(Info info, Set<String> fieldPaths) {
    Objects.requireNonNull(info, "info");
    if (info.name().isEmpty()) {
      throw new InvalidArgumentException("snapshot name must not be empty");
    }
    Map<String, String> given = checkLabels(info.labels());
    Set<String> paths = fieldPaths == null ? Set.of() : fieldPaths;
    return write(() -> {
      SnapshotRecord r = store.require(info.name());
      Map<String, String> labels = new HashMap<>(r.labels());
      if (paths.isEmpty()) {
        labels = new HashMap<>(given);
      }
      for (String path : paths) {
        if (path.equals("labels")) {
          labels = new HashMap<>(given);
        }
      }
      for (String path : paths) {
        if (path.startsWith("labels.")) {
          String k = path.substring("labels.".length());
          String v = given.get(k);
          if (v == null) {
            labels.remove(k);
          } else {
            labels.put(k, v);
          }
        } else if (!path.equals("labels")) {
          throw new InvalidArgumentException("cannot update " + GoQuote.quote(path)
              + " field on snapshot " + GoQuote.quote(info.name()));
        }
      }
      SnapshotRecord updated = new SnapshotRecord(
          r.id(), r.kind(), r.parent(), labels, r.created(), Instant.now(), r.usage());
      try (MetaStore.Batch batch = new MetaStore.Batch("update " + info.name())) {
        store.write(batch.putRecord(info.name(), updated));
      }
      return updated.info(info.name());
    });
  }

  @Override
  public Usage usage(String key) {
    return read(() -> {
      SnapshotRecord r = store.require(requireKey(key, "key"));
      if (r.kind() != Kind.ACTIVE) {
        return r.usage();
      }
      return measure(fsDir(r.idString()), "usage of snapshot " + key);
    });
  }

  @Override
  public List<Mount> mounts(String key) {
    return read(() -> {
      SnapshotRecord r = store.require(requireKey(key, "key"));
      if (r.kind() == Kind.COMMITTED) {
        throw new FailedPreconditionException(
            "failed to get active mount: requested snapshot " + key + " not active or view");
      }
      return mounts(new StoredSnapshot(r.idString(), r.kind(), store.parentIds(r.parent())));
    });
  }

  @Override
  public List<Mount> prepare(String key, String parent, Map<String, String> labels) {
    return create(Kind.ACTIVE, key, parent, labels);
  }

  @Override
  public List<Mount> view(String key, String parent, Map<String, String> labels) {
    return create(Kind.VIEW, key, parent, labels);
  }

  private List<Mount> create(Kind kind, String key, String parent, Map<String, String> labels) {
    requireKey(key, "key");
    String parentName = parent == null ? "" : parent;
    if (!parentName.isEmpty()) {
      requireKey(parentName, "parent");
    }
    Map<String, String> cleanLabels = checkLabels(labels);
    return write(() -> {
      if (store.find(key).isPresent()) {
        throw new AlreadyExistsException("snapshot " + GoQuote.quote(key));
      }
      SnapshotRecord parentRecord = null;
      if (!parentName.isEmpty()) {
        parentRecord = store.find(parentName).orElseThrow(() ->
            new NotFoundException(
                "parent snapshot " + parentName + " does not exist"));
        if (parentRecord.kind() != Kind.COMMITTED) {
          throw new InvalidArgumentException("failed to create snapshot: parent "
              + GoQuote.quote(parentName) + " is not committed snapshot");
        }
      }
      long id = store.nextId();
      List<String> parentIds = new ArrayList<>();
      if (parentRecord != null) {
        parentIds.add(parentRecord.idString());
        parentIds.addAll(store.parentIds(parentRecord.parent()));
      }
      StoredSnapshot snapshot = new StoredSnapshot(Long.toString(id), kind, parentIds);
      Instant now = Instant.now();
      SnapshotRecord record =
          new SnapshotRecord(id, kind, parentName, cleanLabels, now, now, Usage.ZERO);
      Path dir = snapshotDir(snapshot.id());
      Path temp = null;
      boolean renamed = false;
      try (MetaStore.Batch batch = new MetaStore.Batch("create " + key)) {
        temp = Files.createTempDirectory(snapshots, "new-");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx------"));
        populate(temp, snapshot);
        removeOrphan(dir);
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        renamed = true;
        batch.useId(id).putRecord(key, record).putOwner(id, key);
        if (parentRecord != null) {
          batch.putChild(parentRecord.id(), id, key);
        }
        store.write(batch);
        return mounts(snapshot);
      } catch (IOException | RuntimeException e) {
        discard(renamed ? dir : temp, e);
        if (e instanceof BerthException be) {
          throw be;
        }
        throw new UnknownException("failed to create snapshot " + key + ": " + e.getMessage(), e);
      }
    });
  }

  @Override
  public void commit(String name, String key, Map<String, String> labels) {
    requireKey(name, "name");
    requireKey(key, "key");
    Map<String, String> cleanLabels = checkLabels(labels);
    read(() -> {
      // Measure outside the writer lock; the checks are repeated under it.
      SnapshotRecord active = checkCommit(name, key);
      Usage usage = measure(fsDir(active.idString()), "failed to commit snapshot: usage");
      write(() -> {
        SnapshotRecord r = checkCommit(name, key);
        Usage measured = r.id() == active.id()
            ? usage : measure(fsDir(r.idString()), "failed to commit snapshot: usage");
        Instant now = Instant.now();
        SnapshotRecord committed = new SnapshotRecord(
            r.id(), Kind.COMMITTED, r.parent(), cleanLabels, now, now, measured);
        try (MetaStore.Batch batch = new MetaStore.Batch("commit " + key + " as " + name)) {
          batch.putRecord(name, committed).deleteRecord(key).putOwner(r.id(), name);
          if (!r.parent().isEmpty()) {
            batch.putChild(store.require(r.parent()).id(), r.id(), name);
          }
          store.write(batch);
        }
        return null;
      });
      return null;
    });
  }

  private SnapshotRecord checkCommit(String name, String key) {
    if (store.find(name).isPresent()) {
      throw new AlreadyExistsException("snapshot " + GoQuote.quote(name));
    }
    SnapshotRecord r = store.require(key);
    if (r.kind() != Kind.ACTIVE) {
      throw new FailedPreconditionException(
          "failed to commit snapshot: snapshot " + GoQuote.quote(key) + " is not active");
    }
    return r;
  }

  @Override
  public void remove(String key) {
    requireKey(key, "key");
    write(() -> {
      SnapshotRecord r = store.require(key);
      if (store.hasChildren(r.id())) {
        throw new FailedPreconditionException("cannot remove snapshot with child");
      }
      try (MetaStore.Batch batch = new MetaStore.Batch("remove " + key)) {
        batch.deleteRecord(key).deleteOwner(r.id());
        if (!r.parent().isEmpty()) {
          store.find(r.parent()).ifPresent(p -> batch.deleteChild(p.id(), r.id()));
        }
        store.write(batch);
      }
      deleteDirectory(r.idString());
      return null;
    });
  }

  @Override
  public void walk(Consumer<Info> fn, String... filters) {
    Objects.requireNonNull(fn, "fn");
    Predicate<Info> filter = WalkFilters.compile(filters == null ? new String[0] : filters);
    List<Info> matched = read(() -> {
      List<Info> out = new ArrayList<>();
      for (Map.Entry<String, SnapshotRecord> e : store.all()) {
        Info info = e.getValue().info(e.getKey());
        if (filter.test(info)) {
          out.add(info);
        }
      }
      return out;
    });
    matched.forEach(fn);
  }

  @Override
  public void cleanup() {
    write(() -> {
      Set<String> owned = store.ids();
      List<Path> orphans = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshots)) {
        for (Path p : entries) {
          if (!owned.contains(p.getFileName().toString())) {
            orphans.add(p);
          }
        }
      } catch (IOException e) {
        throw new UnknownException("cleanup: list " + snapshots + ": " + e.getMessage(), e);
      }
      for (Path p : orphans) {
        try {
          TreeDeleter.delete(p);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cleanup: cannot remove " + p + ": " + e.getMessage());
        }
      }
      return null;
    });
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        store.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  // ---- helpers

  private interface Call<T> {
    T run();
  }

  private <T> T read(Call<T> call) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      return call.run();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private <T> T write(Call<T> call) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      writes.lock();
      try {
        return call.run();
      } finally {
        writes.unlock();
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new FailedPreconditionException("snapshotter " + root + " is closed");
    }
  }

  private static String requireKey(String key, String field) {
    if (key == null || key.isEmpty()) {
      throw new InvalidArgumentException("snapshot " + field + " must not be empty");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidArgumentException("snapshot " + field + " " + GoQuote.quote(key)
            + " is not valid UTF-8");
      }
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new InvalidArgumentException("snapshot " + field + " is " + bytes
          + " bytes long; at most " + MAX_KEY_BYTES + " are allowed");
    }
    return key;
  }

  /** Validates as containerd's metadata layer does and drops empty values (which mean "unset"). */
  private static Map<String, String> checkLabels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new InvalidArgumentException("info.Labels: null label key or value");
      }
      try {
        Labels.validate(e.getKey(), e.getValue());
      } catch (InvalidArgumentException invalid) {
        throw invalid.withPrefix("info.Labels");
      }
      if (!e.getValue().isEmpty()) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static Usage measure(Path dir, String what) {
    try {
      return DiskUsage.of(dir);
    } catch (IOException e) {
      throw new UnknownException(what + ": " + e.getMessage(), e);
    }
  }

  /** A directory with a not yet used id can only be left from a crash: it is not ours to keep. */
  private static void removeOrphan(Path dir) throws IOException {
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      LOG.log(Level.WARNING, "removing orphan snapshot directory " + dir);
      TreeDeleter.delete(dir);
    }
  }

  private static void discard(Path dir, Exception cause) {
    if (dir == null) {
      return;
    }
    try {
      TreeDeleter.delete(dir);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
      LOG.log(Level.ERROR, "cannot remove " + dir + " after a failed create: " + e.getMessage());
    }
  }

  /** Renames {@code <id>} to {@code rm-<id>} and deletes it; failures leave it for cleanup. */
  private void deleteDirectory(String id) {
    Path dir = snapshotDir(id);
    Path doomed = snapshots.resolve("rm-" + id);
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
      TreeDeleter.delete(doomed);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot remove snapshot directory " + dir + " (cleanup will retry): "
          + e.getMessage());
    }
  }

  private static void createPrivateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
