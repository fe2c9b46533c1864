package io.berth.shim.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.anys.Anys;
import io.berth.api.cgroups.v1.Metrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsProtosTest {

  @Test
  void v1CarriesEveryPartAndMapsMemoryStatNames() {
    V1Stats s =
        new V1Stats(
            new V1Stats.Pids(3, 0),
            new V1Stats.Cpu(new V1Stats.CpuUsage(900, 300, 600, List.of(400L, 500L)), null),
            new V1Stats.Memory(
                Map.of("rss", 4096L, "pgpgin", 7L, "hierarchical_memsw_limit", 9L,
                    "total_pgmajfault", 2L, "unknown_key", 1L),
                new V1Stats.MemoryEntry(16, 8, 12, 1),
                null,
                new V1Stats.MemoryEntry(0, 5, 0, 0),
                new V1Stats.MemoryEntry(0, 0, 0, 0)),
            new V1Stats.Blkio(
                List.of(new V1Stats.BlkioEntry("Read", "/dev/sda", 8, 0, 4096)),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()),
            new V1Stats.OomControl(0, 0, 2));

    Metrics m = s.toProto();

    assertThat(m.getPids().getCurrent()).isEqualTo(3);
    assertThat(m.getCpu().hasUsage()).isTrue();
    assertThat(m.getCpu().hasThrottling()).as("dockerd reads throttling").isTrue();
    assertThat(m.getCpu().getUsage().getTotal()).isEqualTo(900);
    assertThat(m.getCpu().getUsage().getPerCpuList()).containsExactly(400L, 500L);
    assertThat(m.getMemory().getRss()).isEqualTo(4096);
    assertThat(m.getMemory().getPgPgIn()).isEqualTo(7);
    assertThat(m.getMemory().getHierarchicalSwapLimit()).isEqualTo(9);
    assertThat(m.getMemory().getTotalPgMajFault()).isEqualTo(2);
    assertThat(m.getMemory().getUsage().getUsage()).isEqualTo(8);
    assertThat(m.getMemory().getUsage().getLimit()).isEqualTo(16);
    assertThat(m.getMemory().hasSwap()).isTrue();
    assertThat(m.getMemory().getKernel().getUsage()).isEqualTo(5);
    assertThat(m.getBlkio().getIoServiceBytesRecursive(0).getDevice()).isEqualTo("/dev/sda");
    assertThat(m.getMemoryOomControl().getOomKill()).isEqualTo(2);
    assertThat(Anys.pack(m).getTypeUrl()).isEqualTo("io.containerd.cgroups.v1.Metrics");
  }

  @Test
  void v1LeavesOutAbsentControllers() {
    Metrics m = new V1Stats(null, null, null, null, null).toProto();

    assertThat(m.hasCpu()).isFalse();
    assertThat(m.hasMemory()).isFalse();
    assertThat(m.hasPids()).isFalse();
  }

  @Test
  void v2CarriesEveryPart() {
    V2Stats s =
        new V2Stats(
            new V2Stats.Pids(2, -1),
            new V2Stats.Cpu(10, 6, 4, 1, 0, 0),
            new V2Stats.Memory(Map.of("anon", 100L, "thp_collapse_alloc", 3L), 200, -1, 0, 0),
            List.of(new V2Stats.IoEntry(8, 0, 1, 2, 3, 4)),
            new V2Stats.MemoryEvents(0, 0, 5, 1, 1));

    io.berth.api.cgroups.v2.Metrics m = s.toProto();

    assertThat(m.getPids().getLimit()).as("max is MaxUint64").isEqualTo(-1L);
    assertThat(m.getCpu().getUsageUsec()).isEqualTo(10);
    assertThat(m.getMemory().getAnon()).isEqualTo(100);
    assertThat(m.getMemory().getThpCollapseAlloc()).isEqualTo(3);
    assertThat(m.getMemory().getUsage()).isEqualTo(200);
    assertThat(m.getIo().getUsage(0).getWios()).isEqualTo(4);
    assertThat(m.getMemoryEvents().getOomKill()).isEqualTo(1);
    assertThat(Anys.pack(m).getTypeUrl()).isEqualTo("io.containerd.cgroups.v2.Metrics");
  }
}
