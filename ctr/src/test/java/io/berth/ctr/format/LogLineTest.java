package io.berth.ctr.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLineTest {

  @Test
  void matchesCtrLogrusLine() {
    // recorded from `ctr ns rm default` with a container in it (stderr not a terminal)
    String line =
        LogLine.format(
            Instant.parse("2026-11-23T09:24:41Z"),
            ZoneOffset.UTC,
            LogLine.Level.ERROR,
            "unable to delete default",
            Map.of("error", "namespace \"default\" must be empty, but it still has containers: failed precondition"));
    assertThat(line)
        .isEqualTo(
            "time=\"2026-11-23T09:24:41Z\" level=error msg=\"unable to delete default\" "
                + "error=\"namespace \\\"default\\\" must be empty, but it still has containers: failed precondition\"\n");
  }

  @Test
  void plainValuesAreNotQuoted() {
    assertThat(LogLine.format(Instant.EPOCH, ZoneOffset.UTC, LogLine.Level.WARNING, "a/b@c^d+e-f.g_h", Map.of("z", "1", "a", "")))
        .isEqualTo("time=\"1970-01-01T00:00:00Z\" level=warning msg=a/b@c^d+e-f.g_h a= z=1\n");
  }
}
