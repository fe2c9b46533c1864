package io.berth.shim.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsParsingTest {

  @Test
  void blkioLinesWithAndWithoutOperation() {
    String text =
        """
        8:0 Read 4096
        8:0 Write 8192
        8:16 12
        Total 12300
        """;

    assertThat(V1StatsReader.parseBlkio(text, Map.of("8:0", "/dev/sda")))
        .containsExactly(
            new V1Stats.BlkioEntry("Read", "/dev/sda", 8, 0, 4096),
            new V1Stats.BlkioEntry("Write", "/dev/sda", 8, 0, 8192),
            new V1Stats.BlkioEntry("", "", 8, 16, 12));
  }

  @Test
  void ioStatLines() {
    String text =
        "8:0 rbytes=1024 wbytes=2048 rios=3 wios=4 dbytes=0 dios=0\n"
            + "253:1 rbytes=18446744073709551615 wbytes=0 rios=0 wios=0\n";

    assertThat(V2StatsReader.parseIo(text))
        .containsExactly(
            new V2Stats.IoEntry(8, 0, 1024, 2048, 3, 4), new V2Stats.IoEntry(253, 1, -1L, 0, 0, 0));
  }

  @Test
  void deviceFilterJumpsLandAfterTheirBlock() {
    var prog =
        DeviceFilter.compile(
            java.util.List.of(
                new Resources.DeviceRule(false, 'a', null, null, "rwm"),
                new Resources.DeviceRule(true, 'c', 1L, 3L, "rw")));
    // 6 loads, block for "c 1:3 rw" (3 compares + jset + verdict 2), block for "a" (verdict 2);
    // nothing after the unconditional "a" block.
    assertThat(prog).hasSize(6 + 6 + 2);
    // Each jump of the first block skips to index 12, where the deny-all block starts.
    for (int i = 6; i < 10; i++) {
      assertThat(i + 1 + prog.get(i).off()).as("jump at %d", i).isEqualTo(12);
    }
    assertThat(DeviceFilter.bytes(prog)).hasSize(prog.size() * 8);
  }

  @Test
  void deviceFilterWithoutACatchAllEndsInAllow() {
    var prog =
        DeviceFilter.compile(java.util.List.of(new Resources.DeviceRule(false, 'b', 8L, null, "m")));
    // loads, then "b 8:* m" deny: type, major, 3 access instructions, verdict 2; default 2
    assertThat(prog).hasSize(6 + 7 + 2);
    assertThat(prog.get(prog.size() - 2).imm()).as("default verdict").isEqualTo(1);
    assertThat(prog.get(prog.size() - 4).imm()).as("rule verdict").isZero();
  }
}
