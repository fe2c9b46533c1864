package io.berth.snapshots.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The RocksDB library is loaded, and its extracted copy is not left in the temporary directory. */
class RocksNativeTest {

  @TempDir Path dir;

  @Test
  void theLibraryWorksAndItsExtractedCopyIsGone() throws Exception {
    RocksNative.load();
    RocksNative.load(); // once is enough; again is harmless
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    assertThat(Files.readAllLines(Path.of("/proc/self/maps")))
        .as("the library is mapped from an extracted copy, now deleted")
        .anyMatch(l -> l.matches(".*/librocksdbjni\\d+\\.so \\(deleted\\)"));
    assertThat(RocksNative.extractedCopies(Path.of("/proc/self/maps"), tmp))
        .allSatisfy(p -> assertThat(p).doesNotExist());
    try (Options o = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(o, dir.resolve("db").toString())) {
      db.put(new byte[] {1}, new byte[] {2});
      assertThat(db.get(new byte[] {1})).containsExactly(2);
    }
  }

  @Test
  void onlyExtractedCopiesInTheTemporaryDirectoryCount() throws Exception {
    Path maps = dir.resolve("maps");
    Files.write(maps, List.of(
        "7f00-7f01 r-xp 00000000 fd:01 12 /tmp/librocksdbjni123.so",
        "7f01-7f02 r--p 00001000 fd:01 12 /tmp/librocksdbjni123.so",
        "7f02-7f03 r-xp 00000000 fd:01 13 /usr/lib/librocksdbjni-linux64.so",
        "7f03-7f04 r-xp 00000000 fd:01 14 /var/tmp/librocksdbjni456.so",
        "7f04-7f05 rw-p 00000000 00:00 0 [heap]",
        "7f05-7f06 rw-p 00000000 00:00 0"));
    assertThat(RocksNative.extractedCopies(maps, Path.of("/tmp")))
        .containsExactly(Path.of("/tmp/librocksdbjni123.so"));
    assertThat(RocksNative.extractedCopies(dir.resolve("missing"), Path.of("/tmp"))).isEmpty();
  }
}
