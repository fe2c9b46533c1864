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
 * walk over many hidden versions in the memtable either: enough replaced or deleted entries
 * flush it.
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
    try (Options o = new Options().setCreateIfMissing(true);
        RocksDB perf = RocksDB.open(o, counters.toString())) {
      perf.setPerfLevel(PerfLevel.ENABLE_COUNT);
      perf.getPerfContext().reset();
      assertThat(db.containers().list("a")).hasSize(1);
      assertThat(perf.getPerfContext().getInternalDeleteSkippedCount()).isZero();
      perf.setPerfLevel(PerfLevel.DISABLE);
    }
  }

  @Test
  void manyUpdatesFlushTheMemtableSoThatScansSkipFewOldVersions() throws Exception {
    db.containers().create("a", ContainerStoreTest.valid("busy").build());
    long before = tableFiles();
    for (int i = 0; i < RocksStore.FLUSH_AFTER_HIDDEN; i++) {
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
        .containsEntry("n", Integer.toString(RocksStore.FLUSH_AFTER_HIDDEN - 1));
  }

  private long tableFiles() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(db.path())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sst")).count();
    }
  }
}
