package io.berth.bench.workloads.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.ProcessMemory;
import io.berth.bench.workloads.tasks.MemorySnapshot.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemorySnapshotTest {

  private static ProcessMemory mib(double rss, double pss) {
    return new ProcessMemory(Math.round(rss * 1024), Math.round(pss * 1024));
  }

  @Test
  void daemonAloneSumsAndShimMedians() {
    MemorySnapshot s = new MemorySnapshot(mib(100, 90),
        List.of(mib(30, 10), mib(34, 12), mib(50, 20), mib(31, 11)));
    assertThat(s.mib(Quantity.DAEMON_RSS)).isEqualTo(100.0);
    assertThat(s.mib(Quantity.TOTAL_RSS)).isEqualTo(245.0);
    assertThat(s.mib(Quantity.TOTAL_PSS)).isEqualTo(143.0);
    assertThat(s.mib(Quantity.SHIM_RSS)).isEqualTo(32.5);
    assertThat(s.mib(Quantity.SHIM_PSS)).isEqualTo(11.5);
  }

  @Test
  void withoutShimsTheTotalsAreTheDaemonAndTheShimMediansFail() {
    MemorySnapshot s = new MemorySnapshot(mib(40, 20), List.of());
    assertThat(s.mib(Quantity.TOTAL_RSS)).isEqualTo(40.0);
    assertThat(s.mib(Quantity.TOTAL_PSS)).isEqualTo(20.0);
    assertThatThrownBy(() -> s.mib(Quantity.SHIM_PSS)).isInstanceOf(WorkloadFailure.class)
        .hasMessageContaining("no shim");
  }
}
