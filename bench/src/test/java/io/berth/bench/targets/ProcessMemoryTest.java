package io.berth.bench.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void parsesRssAndPssOfASmapsRollup() throws IOException {
    ProcessMemory m = ProcessMemory.parse("""
        55d1c6e8a000-7ffd2c3f1000 ---p 00000000 00:00 0                          [rollup]
        Rss:               10240 kB
        Pss:                5120 kB
        Pss_Anon:           4000 kB
        Shared_Clean:       6000 kB
        """);
    assertThat(m.rssKib()).isEqualTo(10240);
    assertThat(m.pssKib()).isEqualTo(5120);
    assertThat(m.rssMib()).isEqualTo(10.0);
    assertThat(m.pssMib()).isEqualTo(5.0);
  }

  @Test
  void rejectsATextWithoutRssOrPss() {
    assertThatThrownBy(() -> ProcessMemory.parse("Rss: 10 kB\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("no Rss or Pss");
    assertThatThrownBy(() -> ProcessMemory.parse("Rss: 10 MB\nPss: 1 kB\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("unexpected");
  }

  @Test
  void readsThisProcess() throws IOException {
    ProcessMemory m = ProcessMemory.of(ProcessHandle.current().pid());
    assertThat(m.rssKib()).isPositive();
    assertThat(m.pssKib()).isPositive().isLessThanOrEqualTo(m.rssKib());
  }
}
