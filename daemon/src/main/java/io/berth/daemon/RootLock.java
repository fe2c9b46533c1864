package io.berth.daemon;

import io.berth.api.errors.FailedPreconditionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a root directory ({@code <root>/berthd.lock}), held while a Berth is open
 * on it, so that two daemons never share one metadata store. The file holds the owner's pid for
 * the message the loser gets. The kernel releases the lock when the process dies.
 */
final class RootLock implements AutoCloseable {

  static final String FILE = "berthd.lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private RootLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock at once or fails.
   *
   * @throws FailedPreconditionException when another process (or another Berth in this process)
   *     holds it
   */
  static RootLock acquire(Path root) {
    Path file = root.resolve(FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String owner = owner(file);
        channel.close();
        throw new FailedPreconditionException("root " + root + " is in use by another berthd"
            + (owner.isEmpty() ? "" : " (pid " + owner + ")") + ": lock " + file + " is held");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(
          (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(false);
      return new RootLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static String owner(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the open failure is what gets reported
      }
    }
  }

  Path file() {
    return file;
  }

  /** Releases the lock; the file stays (removing it would race a starting daemon). */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + file + ": " + e.getMessage(), e);
    }
  }
}
