package io.berth.metadata;

import io.berth.metadata.stored.NamespaceRecord;
import java.time.Clock;
import java.time.Instant;

/** What the stores share: the database, the locks, the clock, the namespace records. */
final class StoreContext {

  final RocksStore rocks;
  final Locks locks = new Locks();
  private final Clock clock;

  StoreContext(RocksStore rocks, Clock clock) {
    this.rocks = rocks;
    this.clock = clock;
  }

  /** The current time (UTC instants). */
  Instant now() {
    return clock.instant();
  }

  /** The stored namespace record, or null when the namespace does not exist. */
  NamespaceRecord namespaceRecord(String ns) {
    byte[] key = Keys.namespace(ns);
    byte[] value = rocks.get(key);
    return value == null ? null : Codec.namespace(key, value);
  }

  /**
   * Writes the batch of an object mutation in {@code ns}, creating the namespace implicitly (and
   * noting its first container) in the same batch when needed. The caller holds the namespace
   * shared.
   */
  void writeInNamespace(String ns, boolean container, Batch batch) {
    NamespaceRecord record = namespaceRecord(ns);
    if (record != null && (!container || record.getHadContainers())) {
      rocks.write(batch);
      return;
    }
    try (Locks.Held _ = locks.namespace(ns).record()) {
      record = namespaceRecord(ns);
      if (record == null || (container && !record.getHadContainers())) {
        NamespaceRecord.Builder b =
            record == null ? NamespaceRecord.newBuilder() : record.toBuilder();
        if (container) {
          b.setHadContainers(true);
        }
        batch.put(Keys.namespace(ns), b.build().toByteArray());
      }
      rocks.write(batch);
    }
  }
}
