package io.berth.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Berth embedded in a Java process: the same services berthd serves, as Java interfaces, with no
 * gRPC in between. One Berth owns its root directory (a lock keeps a second one out) until it is
 * closed. berthd is this plus a gRPC server.
 *
 * <pre>{@code
 * try (Berth berth = Berth.open(Path.of("/var/lib/berth"))) {
 *   ...
 * }
 * }</pre>
 */
public final class Berth implements AutoCloseable {

  private final Path root;
  private final RootLock lock;
  private boolean closed;

  private Berth(Path root, RootLock lock) {
    this.root = root;
    this.lock = lock;
  }

  /**
   * Opens (creating if needed) the Berth whose persistent data lives in {@code root}.
   *
   * @throws io.berth.api.errors.FailedPreconditionException if another Berth holds the root
   * @throws UncheckedIOException if the root cannot be created or opened
   */
  public static Berth open(Path root) {
    Path dir = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    createPrivateDirectory(dir);
    RootLock lock = RootLock.acquire(dir);
    try {
      return new Berth(dir, lock);
    } catch (RuntimeException e) {
      lock.close();
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

  /** Closes the stores and releases the root. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    lock.close();
  }
}
