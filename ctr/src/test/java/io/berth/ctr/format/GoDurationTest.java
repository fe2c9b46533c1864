package io.berth.ctr.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void parsesGoDurations() {
    assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDuration.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDuration.parse("-2s")).isEqualTo(Duration.ofSeconds(-2));
    assertThat(GoDuration.parse("+.5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDuration.parse("1us")).isEqualTo(Duration.ofNanos(1000));
    assertThat(GoDuration.parse("1\u00b5s")).isEqualTo(Duration.ofNanos(1000));
    assertThat(GoDuration.parse("3ns2s")).isEqualTo(Duration.ofNanos(2_000_000_003L));
    assertThat(GoDuration.parse("9223372036854775807ns")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @Test
  void refusesWithGoMessages() {
    assertThatThrownBy(() -> GoDuration.parse("1d"))
        .hasMessage("time: unknown unit \"d\" in duration \"1d\"");
    assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDuration.parse("x")).hasMessage("time: invalid duration \"x\"");
    assertThatThrownBy(() -> GoDuration.parse(".s")).hasMessage("time: invalid duration \".s\"");
    assertThatThrownBy(() -> GoDuration.parse("9223372036854775808ns"))
        .hasMessage("time: invalid duration \"9223372036854775808ns\"");
    assertThatThrownBy(() -> GoDuration.parse("3000000h")).hasMessage("time: invalid duration \"3000000h\"");
  }
}
