package io.berth.metadata;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens a fresh database in a temporary root for every test and closes it afterwards. */
abstract class StoreTestBase {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant t) {
      now.set(t);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456789Z");

  @TempDir
  Path root;

  final ManualClock clock = new ManualClock(T0);
  MetadataDb db;

  @BeforeEach
  void openDb() {
    db = MetadataDb.open(root, clock);
  }

  @AfterEach
  void closeDb() {
    if (db != null) {
      db.close();
    }
  }

  MetadataDb reopen() {
    db.close();
    db = MetadataDb.open(root, clock);
    return db;
  }
}
