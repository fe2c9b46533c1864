package io.berth.ctr.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.berth.api.types.task.Process;
import io.berth.api.types.task.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FlowValuesTest {

  @Test
  void randomLeaseIdIsNanosDashFourUrlBase64Chars() {
    Instant now = Instant.parse("2026-11-23T09:24:33.477210549Z");
    assertThat(LeaseFlows.randomId(now)).matches("477210549-[A-Za-z0-9_-]{4}");
    assertThat(LeaseFlows.randomId(Instant.parse("2026-11-23T09:24:33Z"))).matches("0-[A-Za-z0-9_-]{4}");
  }

  @Test
  void expiryIsLocalRfc3339() {
    Instant now = Instant.parse("2026-11-23T09:24:33.9Z");
    assertThat(LeaseFlows.expiry(now, Duration.ofHours(24), ZoneId.of("UTC"))).isEqualTo("2026-11-24T09:24:33Z");
    assertThat(LeaseFlows.expiry(now, Duration.ofMinutes(90), ZoneId.of("Asia/Kolkata"))).isEqualTo("2026-11-23T16:24:33+05:30");
  }

  @Test
  void taskStateReadsAsGoPrintsIt() {
    // ctr: cannot delete a non stopped container: {running 0 0001-01-01 00:00:00 +0000 UTC}
    Process running = Process.newBuilder().setId("T").setPid(7).setStatus(Status.RUNNING).build();
    assertThat(TaskState.of(running)).hasToString("{running 0 0001-01-01 00:00:00 +0000 UTC}");
    Process stopped =
        running.toBuilder()
            .setStatus(Status.STOPPED)
            .setExitStatus(137)
            .setExitedAt(Timestamp.newBuilder().setSeconds(1_795_425_867L).setNanos(5))
            .build();
    assertThat(TaskState.of(stopped)).hasToString("{stopped 137 2026-11-23 09:24:27.000000005 +0000 UTC}");
    assertThat(TaskState.none()).hasToString("{ 0 0001-01-01 00:00:00 +0000 UTC}");
  }
}
