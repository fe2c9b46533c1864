package io.berth.metadata;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.UnknownException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata database: one RocksDB under {@code <root>/metadata} holding namespaces,
 * containers and leases, served through {@link #namespaces()}, {@link #containers()} and
 * {@link #leases()}.
 *
 * <p>A root can be open once per process (a second open fails clearly) and once per machine
 * (RocksDB's LOCK file). Every mutation is durable when its call returns.
 */
public final class MetadataDb implements AutoCloseable {

  /** The version of the key tree and record schema this build reads and writes. */
  public static final int SCHEMA_VERSION = 1;

  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final RocksStore rocks;
  private final StoreContext ctx;
  private final NamespaceStore namespaces;
  private final ContainerStore containers;
  private final LeaseStore leases;
  private volatile boolean closed;

  private MetadataDb(Path path, RocksStore rocks, Clock clock) {
    this.path = path;
    this.rocks = rocks;
    this.ctx = new StoreContext(rocks, clock);
    this.namespaces = new NamespaceStore(ctx);
    this.containers = new ContainerStore(ctx);
    this.leases = new LeaseStore(ctx);
  }

  /** Opens (creating if needed) the database under {@code root}, with the UTC system clock. */
  public static MetadataDb open(Path root) {
    return open(root, Clock.systemUTC());
  }

  /**
   * Opens the database under {@code root} with the given clock for timestamps.
   *
   * @throws FailedPreconditionException when the root is already open in this process or in
   *     another one, or holds a schema this build does not know
   */
  public static MetadataDb open(Path root, Clock clock) {
    Path path;
    try {
      Path dir = root.resolve("metadata");
      Files.createDirectories(dir);
      path = dir.toRealPath();
    } catch (IOException e) {
      throw new UnknownException("metadata store " + root.resolve("metadata") + ": " + e, e);
    }
    if (!OPEN.add(path)) {
      throw new FailedPreconditionException(
          "metadata store " + path + " is already open in this process");
    }
    RocksStore rocks = null;
    try {
      rocks = RocksStore.open(path);
      checkSchema(rocks);
      return new MetadataDb(path, rocks, clock);
    } catch (RuntimeException e) {
      if (rocks != null) {
        rocks.close();
      }
      OPEN.remove(path);
      throw e;
    }
  }

  private static void checkSchema(RocksStore rocks) {
    byte[] value = rocks.get(Keys.SCHEMA);
    if (value == null) {
      if (rocks.any(new byte[0])) {
        throw new FailedPreconditionException("metadata store " + rocks.path()
            + " holds data but no schema version");
      }
      rocks.write(new Batch().put(Keys.SCHEMA, Codec.schema(SCHEMA_VERSION)));
      return;
    }
    int version = Codec.schemaVersion(Keys.SCHEMA, value);
    if (version != SCHEMA_VERSION) {
      throw new FailedPreconditionException("metadata store " + rocks.path()
          + " has schema version " + version + "; this build reads version " + SCHEMA_VERSION);
    }
  }

  /** The directory of the RocksDB files. */
  public Path path() {
    return path;
  }

  public NamespaceStore namespaces() {
    return namespaces;
  }

  public ContainerStore containers() {
    return containers;
  }

  public LeaseStore leases() {
    return leases;
  }

  /**
   * Holds {@code namespace} shared until closed, for code outside this module that writes
   * objects of the namespace: {@link NamespaceStore#delete} holds it exclusively while it checks
   * emptiness, so such writes cannot slip past the check.
   */
  public Hold useNamespace(String namespace) {
    return ctx.locks.namespace(NamespaceRule.require(namespace)).shared()::close;
  }

  /** A held lock, released by {@link #close()}. */
  public interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /** Closes the database, waiting for running calls; later calls fail. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      rocks.close();
    } finally {
      OPEN.remove(path);
    }
  }
}
