package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.PerfLevel;
import org.rocksdb.RocksDB;

/**
 * Scans stop where their prefix ends, without walking over deleted entries after it, and do not
 * walk over many hidden versions either: enough replaced or deleted entries flush the memtable,
 * and a pause after a burst of them compacts the keys they hid.
 */
class RocksStoreScanTest extends StoreTestBase {

  @TempDir Path counters;

  @Test
  void aListDoesNotStepOverTheDeletedContainersOfALaterNamespace() throws Exception {
    db.containers().create("a", ContainerStoreTest.valid("only").build());
    for (int i = 0; i < 2_000; i++) {
      db.containers().create("b", ContainerStoreTest.valid("c" + i).build());
    }
    for (int i = 0; i < 2_000; i++) {
      db.containers().delete("b", "c" + i);
    }
    db.namespaces().delete("b"); // everything after namespace a's containers is now deleted

    // RocksDB counts per thread; any open database sets this thread's level and reads its counts
    assertThat(skippedByList("a", 1).deletes()).isZero();
  }

  @Test
  void aPauseAfterABurstOfUpdatesLeavesOneVersionOfEachContainer() throws Exception {
    for (int i = 0; i < 100; i++) {
      db.containers().create("a", ContainerStoreTest.valid("c" + i).build());
    }
    Skipped oneVersionEach = skippedByList("a", 100); // RocksDB counts a step per key as well
    for (int round = 0; round < 5; round++) { // 500 hidden versions, under FLUSH_AFTER_HIDDEN
      for (int i = 0; i < 100; i++) {
        db.containers().update("a",
            Container.builder("c" + i).labels(java.util.Map.of("n", round + "")).build(),
            java.util.List.of("labels.n"));
      }
    }
    assertThat(skippedByList("a", 100).versions())
        .isGreaterThanOrEqualTo(oneVersionEach.versions() + 400);

    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!skippedByList("a", 100).equals(oneVersionEach) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(skippedByList("a", 100)).isEqualTo(oneVersionEach);
    assertThat(db.containers().get("a", "c7").labels()).containsEntry("n", "4");
  }

  /** What a scan stepped over: older versions of keys, and deletions. */
  private record Skipped(long versions, long deletes) {}

  /** Lists a namespace, checks the count, and says what RocksDB stepped over to list it. */
  private Skipped skippedByList(String namespace, int expected) throws Exception {
    // RocksDB counts per thread; any open database sets this thread's level and reads its counts
    try (Options o = new Options().setCreateIfMissing(true);
        RocksDB perf = RocksDB.open(o, counters.toString())) {
      perf.setPerfLevel(PerfLevel.ENABLE_COUNT);
      perf.getPerfContext().reset();
      assertThat(db.containers().list(namespace)).hasSize(expected);
      Skipped s = new Skipped(perf.getPerfContext().getInternalKeySkippedCount(),
          perf.getPerfContext().getInternalDeleteSkippedCount());
      perf.setPerfLevel(PerfLevel.DISABLE);
      return s;
    }
  }

  @Test
  void manyUpdatesFlushTheMemtableSoThatScansSkipFewOldVersions() throws Exception {
    db.containers().create("a", ContainerStoreTest.valid("busy").build());
    long before = tableFiles();
    for (int i = 0; i < Tidier.FLUSH_AFTER_HIDDEN; i++) {
      db.containers().update("a",
          Container.builder("busy").labels(java.util.Map.of("n", Integer.toString(i))).build(),
          java.util.List.of("labels.n"));
    }
    // far below the memtable's size, so only the count of hidden entries flushes it (async)
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (tableFiles() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(tableFiles()).isGreaterThan(before);
    assertThat(db.containers().get("a", "busy").labels())
        .containsEntry("n", Integer.toString(Tidier.FLUSH_AFTER_HIDDEN - 1));
  }

  private long tableFiles() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(db.path())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sst")).count();
    }
  }
}
