package io.berth.metadata;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.validation.GoQuote;
import io.berth.api.validation.Identifiers;
import io.berth.api.validation.Labels;
import io.berth.metadata.stored.NamespaceRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Namespaces and their labels. A namespace also comes into being implicitly when anything is
 * written into it, and a missing namespace reads as one with no labels (dockerd relies on that).
 * Delete refuses while the namespace holds images, content blobs, containers or snapshots (in
 * containerd's order and words) or anything an added {@link NamespaceContents} check reports;
 * leases and lease resources go with the namespace, as in containerd.
 */
public final class NamespaceStore {

  private final StoreContext ctx;
  private final List<NamespaceContents> checks = new CopyOnWriteArrayList<>();

  NamespaceStore(StoreContext ctx) {
    this.ctx = ctx;
    checks.add(ns -> ctx.rocks.any(Keys.images(ns)) ? List.of("images") : List.of());
    checks.add(ns -> ctx.rocks.any(Keys.blobs(ns)) ? List.of("blobs") : List.of());
    checks.add(ns -> ctx.rocks.any(Keys.containers(ns)) ? List.of("containers") : List.of());
    checks.add(ns -> ctx.rocks.subtrees(Keys.snapshots(ns)).stream()
        .map(s -> "snapshots on " + GoQuote.quote(s) + " snapshotter").toList());
  }

  /** Adds a check run (after the built-in ones) before a namespace is deleted. */
  public void addContentsCheck(NamespaceContents check) {
    checks.add(check);
  }

  /**
   * Creates a namespace. Labels with empty values are not stored.
   *
   * @throws InvalidArgumentException for a name that is not an identifier or an oversized label
   * @throws AlreadyExistsException {@code namespace "<name>"} when it exists
   */
  public Namespace create(String name, Map<String, String> labels) {
    Identifiers.validate(name);
    Map<String, String> requested = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> e : requested.entrySet()) {
      validateLabel(e.getKey(), e.getValue());
    }
    try (Locks.Held _ = ctx.locks.namespace(name).exclusive()) {
      if (ctx.namespaceRecord(name) != null) {
        throw new AlreadyExistsException("namespace " + GoQuote.quote(name));
      }
      Map<String, String> stored = new TreeMap<>();
      for (Map.Entry<String, String> e : requested.entrySet()) {
        requireKey(e.getKey());
        if (!e.getValue().isEmpty()) {
          stored.put(e.getKey(), e.getValue());
        }
      }
      NamespaceRecord record = NamespaceRecord.newBuilder().putAllLabels(stored).build();
      ctx.rocks.write(new Batch().put(Keys.namespace(name), record.toByteArray()));
      return new Namespace(name, stored);
    }
  }

  /** The namespace with its labels; a namespace that does not exist has no labels. */
  public Namespace get(String name) {
    if (!Identifiers.isValid(name)) {
      return new Namespace(name, Map.of());
    }
    NamespaceRecord r = ctx.namespaceRecord(name);
    return new Namespace(name, r == null ? Map.of() : r.getLabelsMap());
  }

  /** Every namespace, ordered by name. */
  public List<Namespace> list() {
    byte[] prefix = Keys.namespaces();
    List<Namespace> out = new ArrayList<>();
    for (RocksStore.Entry e : ctx.rocks.children(prefix)) {
      String name = Keys.unsegment(Keys.rest(e.key(), prefix));
      out.add(new Namespace(name, Codec.namespace(e.key(), e.value()).getLabelsMap()));
    }
    return out;
  }

  /**
   * Updates labels: with field paths, each must be {@code labels.<key>} and sets that key from
   * {@code labels} (absent or "" deletes it); with none, the labels are replaced. Setting any
   * label creates the namespace if needed. Returns the stored namespace.
   *
   * @throws InvalidArgumentException {@code cannot update "<path>" field} for any other path
   *     (including {@code labels} alone, as in containerd), or for an oversized label
   */
  public Namespace update(String name, Map<String, String> labels, Collection<String> paths) {
    Identifiers.validate(name);
    Map<String, String> requested = labels == null ? Map.of() : labels;
    try (Locks.Held _ = ctx.locks.namespace(name).exclusive()) {
      NamespaceRecord record = ctx.namespaceRecord(name);
      Map<String, String> current =
          new TreeMap<>(record == null ? Map.of() : record.getLabelsMap());
      boolean touched = false;
      if (paths != null && !paths.isEmpty()) {
        for (String path : paths) {
          if (!path.startsWith("labels.")) {
            throw new InvalidArgumentException("cannot update " + GoQuote.quote(path) + " field");
          }
          String key = path.substring("labels.".length());
          setLabel(current, key, requested.getOrDefault(key, ""));
          touched = true;
        }
      } else {
        touched = !current.isEmpty() || !requested.isEmpty();
        current.clear();
        for (Map.Entry<String, String> e : requested.entrySet()) {
          setLabel(current, e.getKey(), e.getValue());
        }
      }
      if (touched) {
        NamespaceRecord.Builder b =
            record == null ? NamespaceRecord.newBuilder() : record.toBuilder().clearLabels();
        ctx.rocks.write(new Batch().put(Keys.namespace(name), b.putAllLabels(current).build()
            .toByteArray()));
      }
      return new Namespace(name, current);
    }
  }

  /**
   * Deletes an empty namespace together with its leases.
   *
   * @throws FailedPreconditionException {@code namespace "<name>" must be empty, but it still
   *     has containers, …} when it holds anything
   * @throws NotFoundException {@code namespace "<name>"} when it does not exist
   */
  public void delete(String name) {
    if (!Identifiers.isValid(name)) {
      throw new NotFoundException("namespace " + GoQuote.quote(name));
    }
    try (Locks.Held _ = ctx.locks.namespace(name).exclusive()) {
      List<String> contents = new ArrayList<>();
      for (NamespaceContents check : checks) {
        contents.addAll(check.describe(name));
      }
      if (!contents.isEmpty()) {
        throw new FailedPreconditionException("namespace " + GoQuote.quote(name)
            + " must be empty, but it still has " + String.join(", ", contents));
      }
      if (ctx.namespaceRecord(name) == null) {
        throw new NotFoundException("namespace " + GoQuote.quote(name));
      }
      Batch batch = new Batch().delete(Keys.namespace(name));
      ctx.rocks.scan(Keys.inNamespace(name), (k, v) -> {
        batch.delete(k);
        return true;
      });
      ctx.rocks.write(batch);
    }
  }

  private static void setLabel(Map<String, String> labels, String key, String value) {
    validateLabel(key, value);
    if (value.isEmpty()) {
      labels.remove(key);
      return;
    }
    requireKey(key);
    labels.put(key, value);
  }

  private static void validateLabel(String key, String value) {
    try {
      Labels.validate(key, value);
    } catch (InvalidArgumentException e) {
      throw e.withPrefix("namespace.Labels");
    }
  }

  /** bolt refuses an empty key; containerd passes that error through as a plain one. */
  private static void requireKey(String key) {
    if (key.isEmpty()) {
      throw new UnknownException("key required");
    }
  }
}
