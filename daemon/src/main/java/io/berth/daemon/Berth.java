package io.berth.daemon;

import io.berth.events.Exchange;
import io.berth.metadata.MetadataDb;
import io.berth.metadata.local.Containers;
import io.berth.metadata.local.Events;
import io.berth.metadata.local.Leases;
import io.berth.metadata.local.LocalServices;
import io.berth.metadata.local.Namespaces;
import io.berth.metadata.snapshots.NamespacedSnapshots;
import io.berth.mount.Mounter;
import io.berth.tasks.LocalTaskManager;
import io.berth.tasks.ShimEvents;
import io.berth.tasks.TaskConfig;
import io.berth.tasks.TaskManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Berth embedded in a Java process: the namespaces, containers, leases and events services
 * berthd serves, as Java interfaces, with no gRPC in between. One Berth owns its root directory
 * (a lock keeps a second one out, in this process or another) until it is closed. berthd is
 * this plus a gRPC server ({@link GrpcServices}).
 *
 * <pre>{@code
 * try (Berth berth = Berth.open(Path.of("/var/lib/berth"))) {
 *   berth.namespaces().create("default", new Namespace("team-a", Map.of()));
 *   List<Container> all = berth.containers().list("team-a", List.of());
 * }
 * }</pre>
 */
public final class Berth implements AutoCloseable {

  private final Path root;
  private final RootLock lock;
  private final MetadataDb db;
  private final Exchange exchange;
  private final LocalServices services;
  private final NamespacedSnapshots snapshots;
  private TaskManager tasks;
  private ShimEvents shimEvents;
  private boolean closed;

  private Berth(Path root, RootLock lock, MetadataDb db, Exchange exchange,
      NamespacedSnapshots snapshots) {
    this.root = root;
    this.lock = lock;
    this.db = db;
    this.exchange = exchange;
    this.services = LocalServices.of(db, exchange);
    this.snapshots = snapshots;
  }

  /**
   * Opens (creating if needed) the Berth whose persistent data lives in {@code root}.
   *
   * @throws io.berth.api.errors.FailedPreconditionException if another Berth holds the root
   * @throws UncheckedIOException if the root cannot be created or locked
   */
  public static Berth open(Path root) {
    Path dir = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    createPrivateDirectory(dir);
    RootLock lock = RootLock.acquire(dir);
    MetadataDb db = null;
    try {
      db = MetadataDb.open(dir);
      Exchange exchange = new Exchange();
      return new Berth(dir, lock, db, exchange, NamespacedSnapshots.open(dir, db, exchange));
    } catch (RuntimeException e) {
      if (db != null) {
        db.close();
      }
      lock.close();
      throw e;
    }
  }

  /**
   * Opens Berth with its task service: task bundles and shim sockets under {@code state}, and
   * the socket where the shims send their events next to {@code address} ({@code
   * <address>.ttrpc}, served by this Berth, embedded or in berthd). Tasks left by a previous Berth
   * on the same state directory are recovered.
   *
   * @throws io.berth.api.errors.FailedPreconditionException if another Berth holds the root, or
   *     another process serves the shims' event socket
   */
  public static Berth open(Path root, Path state, Path address) {
    return open(root, state, address, TaskConfig.DEFAULT_SHIM_POOL);
  }

  /**
   * As {@link #open(Path, Path, Path)}, keeping {@code shimPool} started shims ready for new tasks
   * (0: none).
   */
  public static Berth open(Path root, Path state, Path address, int shimPool) {
    Berth berth = open(root);
    Path at = address.toAbsolutePath().normalize();
    try {
      // before the task manager, which may recover shims that have events to send
      berth.shimEvents = ShimEvents.serve(at, berth.events()::forward);
      berth.tasks = LocalTaskManager.open(
          TaskConfig.of(state.toAbsolutePath().normalize(), at, shimPool),
          berth.services.containers(), berth.exchange, new Mounter());
      return berth;
    } catch (IOException e) {
      berth.close();
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      berth.close();
      throw e;
    }
  }

  private static void createPrivateDirectory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx--x--x")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create root " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The root directory this Berth owns. */
  public Path root() {
    return root;
  }

  public Namespaces namespaces() {
    return services.namespaces();
  }

  public Containers containers() {
    return services.containers();
  }

  public Leases leases() {
    return services.leases();
  }

  public Events events() {
    return services.events();
  }

  /** The snapshotters ({@code overlayfs}, {@code native}), per namespace. */
  public NamespacedSnapshots snapshots() {
    return snapshots;
  }

  /** Whether this Berth runs tasks (it was opened with a state directory). */
  public boolean hasTasks() {
    return tasks != null;
  }

  /**
   * The task service.
   *
   * @throws io.berth.api.errors.FailedPreconditionException if opened without a state directory
   */
  public TaskManager tasks() {
    if (tasks == null) {
      throw new io.berth.api.errors.FailedPreconditionException(
          "tasks are not enabled: open Berth with a state directory");
    }
    return tasks;
  }

  /**
   * Stops serving the shims' events (running tasks keep running; the next Berth on the same state
   * directory recovers them), ends every event subscription, closes the metadata store and
   * releases the root. Safe to call twice; calls made afterwards fail.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (tasks != null) {
        tasks.close();
      }
      if (shimEvents != null) {
        shimEvents.close();
      }
      exchange.close();
      snapshots.close();
      db.close();
    } finally {
      lock.close();
    }
  }
}
