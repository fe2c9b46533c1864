package io.berth.ctr.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GoTimeTest {

  private static final Instant T = Instant.parse("2026-11-23T09:24:27.901069620Z");

  @Test
  void stringTrimsTrailingZerosOfTheFraction() {
    // recorded from ctr events: 2026-11-23 09:24:27.92403272 +0000 UTC
    assertThat(GoTime.string(T)).isEqualTo("2026-11-23 09:24:27.90106962 +0000 UTC");
    assertThat(GoTime.string(Instant.parse("2026-11-23T09:24:27Z"))).isEqualTo("2026-11-23 09:24:27 +0000 UTC");
    assertThat(GoTime.string(GoTime.ZERO)).isEqualTo("0001-01-01 00:00:00 +0000 UTC");
  }

  @Test
  void rfc3339NanoAndRfc3339() {
    assertThat(GoTime.rfc3339Nano(T)).isEqualTo("2026-11-23T09:24:27.90106962Z");
    assertThat(GoTime.rfc3339Nano(GoTime.ZERO)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(GoTime.rfc3339(T, ZoneOffset.UTC)).isEqualTo("2026-11-23T09:24:27Z");
    assertThat(GoTime.rfc3339(T, ZoneId.of("Europe/Paris"))).isEqualTo("2026-11-23T10:24:27+01:00");
    assertThat(GoTime.rfc3339(T, ZoneId.of("America/St_Johns"))).isEqualTo("2026-11-23T05:54:27-03:30");
  }

  @Test
  void missingTimestampIsGoZeroTime() {
    assertThat(GoTime.instant(null)).isEqualTo(GoTime.ZERO);
    assertThat(GoTime.instant(Timestamp.newBuilder().setSeconds(1).setNanos(5).build()))
        .isEqualTo(Instant.ofEpochSecond(1, 5));
  }
}
