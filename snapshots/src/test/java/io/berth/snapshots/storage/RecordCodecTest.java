package io.berth.snapshots.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.UnknownException;
import io.berth.snapshots.Kind;
import io.berth.snapshots.Usage;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  private final SnapshotRecord record = new SnapshotRecord(42, Kind.COMMITTED, "parent\0ü",
      Map.of("a", "1", "containerd.io/gc.root", "2024-01-01T00:00:00Z", "ü", "✓"),
      Instant.ofEpochSecond(1_700_000_000, 123_456_789), Instant.ofEpochSecond(1_700_000_001, 7),
      new Usage(8192, 3));

  @Test
  void roundTrips() {
    assertThat(RecordCodec.decode("x", RecordCodec.encode(record))).isEqualTo(record);
    SnapshotRecord bare = new SnapshotRecord(1, Kind.VIEW, "", Map.of(), Instant.EPOCH, Instant.EPOCH, Usage.ZERO);
    assertThat(RecordCodec.decode("x", RecordCodec.encode(bare))).isEqualTo(bare);
  }

  @Test
  void encodingIsDeterministic() {
    assertThat(RecordCodec.encode(record)).isEqualTo(RecordCodec.encode(
        new SnapshotRecord(42, Kind.COMMITTED, "parent\0ü", new java.util.TreeMap<>(record.labels()),
            record.created(), record.updated(), record.usage())));
  }

  @Test
  void corruptValuesAreReportedNotMisread() {
    byte[] good = RecordCodec.encode(record);
    assertThatThrownBy(() -> RecordCodec.decode("k", Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(UnknownException.class)
        .hasMessageStartingWith("snapshot metadata record of k is corrupt");
    byte[] badFormat = good.clone();
    badFormat[0] = 9;
    assertThatThrownBy(() -> RecordCodec.decode("k", badFormat))
        .hasMessageContaining("unknown record format 9");
    byte[] badKind = good.clone();
    badKind[9] = 0;
    assertThatThrownBy(() -> RecordCodec.decode("k", badKind)).hasMessageContaining("unknown kind 0");
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> RecordCodec.decode("k", trailing)).hasMessageContaining("trailing");
  }

  @Test
  void keysSortByIdAndBoundPrefixes() {
    assertThat(Arrays.compare(Keys.id(2), Keys.id(10))).isNegative();
    assertThat(Keys.idOf(Keys.id(123456789L))).isEqualTo(123456789L);
    assertThat(Keys.snapshotName(Keys.snapshot("a/../b\0c"))).isEqualTo("a/../b\0c");
    byte[] upper = PrefixIterator.upperBound(Keys.childrenOf(5));
    assertThat(Arrays.compare(Keys.child(5, Long.MAX_VALUE), upper)).isNegative();
    assertThat(Arrays.compare(Keys.child(6, 0), upper)).isNotNegative();
    assertThat(PrefixIterator.upperBound(new byte[] {1, (byte) 0xff})).containsExactly(2);
  }
}
