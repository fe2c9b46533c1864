package io.berth.snapshots.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's native library and leaves no copy of it behind. RocksJava extracts the library
 * from its jar to a new file in the temporary directory ({@code librocksdbjni<digits>.so}, 14 MB)
 * and deletes that file only when the JVM exits normally, so every process killed by a signal
 * (a berthd stopped with SIGKILL, a test JVM cut short) left one for good: 800 of them, 11 GB, were
 * in /tmp on a machine that had run the test suite for a few days. Once loaded the library is
 * mapped, so its file can go at once.
 */
public final class RocksNative {

  private static final Pattern EXTRACTED = Pattern.compile("librocksdbjni\\d+\\.so");
  private static boolean loaded;

  private RocksNative() {}

  /** Loads the library, once per JVM, and removes the copy extracted for it. */
  public static synchronized void load() {
    if (loaded) {
      return;
    }
    RocksDB.loadLibrary();
    loaded = true;
    for (Path copy : extractedCopies(Path.of("/proc/self/maps"),
        Path.of(System.getProperty("java.io.tmpdir")))) {
      try {
        Files.deleteIfExists(copy);
      } catch (IOException e) {
        // RocksJava still deletes it at a normal exit
      }
    }
  }

  /**
   * The files mapped by this process (per {@code maps}, /proc's format) that are RocksJava's
   * extracted copies of its library in {@code tmpDir}; a library installed elsewhere is not one.
   */
  static List<Path> extractedCopies(Path maps, Path tmpDir) {
    Path dir = tmpDir.toAbsolutePath().normalize();
    try (Stream<String> lines = Files.lines(maps)) {
      return lines.map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')))
          .filter(p -> !p.isEmpty())
          .map(Path::of)
          .filter(p -> dir.equals(p.getParent())
              && EXTRACTED.matcher(p.getFileName().toString()).matches())
          .distinct()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of(); // no /proc: the copy is deleted at a normal exit, as before
    }
  }
}
