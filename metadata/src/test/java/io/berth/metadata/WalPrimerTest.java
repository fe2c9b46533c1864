package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class WalPrimerTest extends StoreTestBase {

  private static final long FULL_LENGTH = 16L << 20;

  private List<Path> logs() throws IOException {
    try (Stream<Path> files = Files.list(db.path())) {
      return files.filter(p -> p.getFileName().toString().endsWith(".log"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }
  }

  private Path liveLog() throws IOException {
    return logs().getLast();
  }

  @Test
  void syncedWritesOverwriteARecycledLogInsteadOfGrowingIt() throws Exception {
    Path live = liveLog();
    long before = Files.size(live);
    assertThat(before).isGreaterThanOrEqualTo(FULL_LENGTH);
    for (int i = 0; i < 200; i++) {
      db.containers().create("default", ContainerStoreTest.valid("c" + i).build());
    }
    assertThat(liveLog()).isEqualTo(live);
    assertThat(Files.size(live)).isEqualTo(before);
  }

  @Test
  void everyOpenPrimesAgainAndKeepsTheDataButNotThePrimerKey() throws Exception {
    db.containers().create("default", ContainerStoreTest.valid("kept").build());
    for (int open = 0; open < 3; open++) {
      reopen();
      assertThat(Files.size(liveLog())).isGreaterThanOrEqualTo(FULL_LENGTH);
      assertThat(logs()).hasSizeLessThanOrEqualTo(WalPrimer.RECYCLED_LOGS + 2);
    }
    assertThat(db.containers().list("default")).extracting(Container::id).containsExactly("kept");
    db.close();
    try (Options o = new Options(); RocksDB raw = RocksDB.open(o, root.resolve("metadata").toString())) {
      assertThat(raw.get(WalPrimer.KEY)).isNull();
    }
    db = MetadataDb.open(root, clock);
    assertThat(db.containers().list("default")).hasSize(1);
  }
}
