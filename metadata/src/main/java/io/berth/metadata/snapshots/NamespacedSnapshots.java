package io.berth.metadata.snapshots;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.events.Exchange;
import io.berth.metadata.MetadataDb;
import io.berth.snapshots.Snapshotter;
import io.berth.snapshots.copy.NativeSnapshotter;
import io.berth.snapshots.overlay.OverlaySnapshotter;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The snapshotters a Berth serves, by name, each seen per namespace through a
 * {@link NamespacedSnapshotter}: {@code overlayfs} (ctr's default) and {@code native}.
 *
 * <pre>{@code
 * try (NamespacedSnapshots snapshots = NamespacedSnapshots.open(root, db, exchange)) {
 *   List<Mount> m = snapshots.get("overlayfs").prepare("default", "my-key", "", Map.of());
 * }
 * }</pre>
 */
public final class NamespacedSnapshots implements AutoCloseable {

  /** containerd's overlay snapshotter name. */
  public static final String OVERLAYFS = "overlayfs";
  /** containerd's copying snapshotter name. */
  public static final String NATIVE = "native";

  private static final System.Logger LOG = System.getLogger(NamespacedSnapshots.class.getName());

  private final Map<String, NamespacedSnapshotter> snapshotters;
  private boolean closed;

  private NamespacedSnapshots(Map<String, NamespacedSnapshotter> snapshotters) {
    this.snapshotters = Collections.unmodifiableMap(snapshotters);
  }

  /** containerd's directory of a snapshotter under the root: {@code io.containerd.snapshotter.v1.<name>}. */
  public static Path directory(Path root, String name) {
    return root.resolve("io.containerd.snapshotter.v1." + name);
  }

  /**
   * Opens {@code overlayfs} and {@code native} under {@code root} (see {@link #directory}) over
   * the records of {@code db}, publishing into {@code exchange}. A snapshotter whose backend
   * cannot open is left out with a warning, as containerd skips a plugin that fails to load.
   */
  public static NamespacedSnapshots open(Path root, MetadataDb db, Exchange exchange) {
    Map<String, Function<Path, Snapshotter>> backends = new LinkedHashMap<>();
    backends.put(OVERLAYFS, OverlaySnapshotter::open);
    backends.put(NATIVE, NativeSnapshotter::open);
    Map<String, Snapshotter> opened = new LinkedHashMap<>();
    backends.forEach((name, opener) -> {
      try {
        opened.put(name, opener.apply(directory(root, name)));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "snapshotter " + name + " not loaded: " + e.getMessage());
      }
    });
    return of(opened, db, exchange);
  }

  /**
   * Serves the given backends (which it then owns and closes) under their names. On failure the
   * backends are closed.
   */
  public static NamespacedSnapshots of(
      Map<String, ? extends Snapshotter> backends, MetadataDb db, Exchange exchange) {
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(exchange, "exchange");
    Map<String, NamespacedSnapshotter> served = new LinkedHashMap<>();
    List<Snapshotter> pending = new ArrayList<>(backends.values());
    try {
      for (Map.Entry<String, ? extends Snapshotter> e : backends.entrySet()) {
        if (e.getKey() == null || e.getKey().isEmpty()) {
          throw new IllegalArgumentException("snapshotter name must not be empty");
        }
        served.put(e.getKey(),
            new NamespacedSnapshotter(e.getKey(), e.getValue(), db.snapshots(), exchange));
      }
      return new NamespacedSnapshots(served);
    } catch (RuntimeException e) {
      for (Snapshotter s : pending) {
        try {
          s.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** The names served, in the order they were opened. */
  public Set<String> names() {
    return snapshotters.keySet();
  }

  /**
   * The snapshotter called {@code name}, as containerd's service resolves it.
   *
   * @throws InvalidArgumentException {@code snapshotter argument missing} for "" and
   *     {@code snapshotter not loaded: <name>} for a name not served
   */
  public NamespacedSnapshotter get(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidArgumentException("snapshotter argument missing");
    }
    NamespacedSnapshotter s = snapshotters.get(name);
    if (s == null) {
      throw new InvalidArgumentException("snapshotter not loaded: " + name);
    }
    return s;
  }

  /** Closes every backend. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (NamespacedSnapshotter s : snapshotters.values()) {
      try {
        s.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
