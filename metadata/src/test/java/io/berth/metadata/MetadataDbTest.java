package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.UnavailableException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class MetadataDbTest extends StoreTestBase {

  @Test
  void opensUnderRootMetadata() throws Exception {
    assertThat(db.path()).isEqualTo(root.resolve("metadata").toRealPath());
    assertThat(Files.exists(db.path().resolve("LOCK"))).isTrue();
  }

  @Test
  void aSecondOpenInTheSameProcessFailsClearly() {
    assertThatThrownBy(() -> MetadataDb.open(root))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessageContaining("is already open in this process");
    assertThatThrownBy(() -> MetadataDb.open(root.resolve(".")))
        .isInstanceOf(FailedPreconditionException.class);
  }

  @Test
  void closeIsIdempotentAndLaterCallsFail() {
    db.namespaces().create("x", Map.of());
    NamespaceStore namespaces = db.namespaces();
    db.close();
    db.close();
    assertThatThrownBy(namespaces::list)
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("is closed");
    db = MetadataDb.open(root, clock);
    assertThat(db.namespaces().list()).extracting(Namespace::name).containsExactly("x");
  }

  @Test
  void anUnknownSchemaIsRefused() throws Exception {
    db.close();
    try (Options o = new Options(); RocksDB raw = RocksDB.open(o, root.resolve("metadata").toString())) {
      raw.put(Keys.SCHEMA, Codec.schema(99));
    }
    assertThatThrownBy(() -> MetadataDb.open(root))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessageContaining("has schema version 99; this build reads version 1");
    db = null;
    // A failed open leaves the root free.
    try (Options o = new Options(); RocksDB raw = RocksDB.open(o, root.resolve("metadata").toString())) {
      raw.put(Keys.SCHEMA, Codec.schema(MetadataDb.SCHEMA_VERSION));
    }
    db = MetadataDb.open(root, clock);
  }

  @Test
  void useNamespaceHoldsOffDelete() throws Exception {
    db.namespaces().create("x", Map.of());
    Thread deleter;
    try (MetadataDb.Hold _ = db.useNamespace("x")) {
      deleter = Thread.ofVirtual().start(() -> db.namespaces().delete("x"));
      while (deleter.getState() != Thread.State.WAITING
          && deleter.getState() != Thread.State.TERMINATED) {
        Thread.sleep(1);
      }
      assertThat(deleter.getState()).isEqualTo(Thread.State.WAITING);
      assertThat(db.namespaces().list()).extracting(Namespace::name).containsExactly("x");
    }
    deleter.join();
    assertThat(db.namespaces().list()).isEmpty();
  }

  @Test
  void keySegmentsRoundTrip() {
    for (String s : new String[] {"", "a", "a/b", "%", "%2F", "%25", "/%/", "x%2Fy/z%"}) {
      assertThat(Keys.unsegment(Keys.segment(s))).isEqualTo(s);
      assertThat(Keys.segment(s)).doesNotContain("/");
    }
    assertThat(Keys.text(Keys.container("ns", "c"))).isEqualTo("v1/ns/containers/c");
    assertThat(Keys.text(Keys.leaseResource("ns", "l", new String[] {"snapshots", "overlayfs"},
        "/k"))).isEqualTo("v1/ns/leases/l/resources/snapshots/overlayfs/%2Fk");
    assertThat(io.berth.snapshots.storage.PrefixIterator.upperBound(Keys.bytes("v1/a/"))).isEqualTo(Keys.bytes("v1/a0"));
  }
}
