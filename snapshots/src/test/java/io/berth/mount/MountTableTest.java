package io.berth.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

  @Test
  void parsesALineWithOptionalFieldsAndEscapes() throws IOException {
    MountInfo m = MountTable.parseLine(
        "36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 shared:7 - ext3 /dev/root rw,errors=continue");
    assertThat(m.id()).isEqualTo(36);
    assertThat(m.parent()).isEqualTo(35);
    assertThat(m.major()).isEqualTo(98);
    assertThat(m.minor()).isZero();
    assertThat(m.root()).isEqualTo("/mnt1");
    assertThat(m.mountPoint()).isEqualTo("/mnt two");
    assertThat(m.options()).isEqualTo("rw,noatime");
    assertThat(m.optionalFields()).containsExactly("master:1", "shared:7");
    assertThat(m.fsType()).isEqualTo("ext3");
    assertThat(m.source()).isEqualTo("/dev/root");
    assertThat(m.superOptions()).isEqualTo("rw,errors=continue");
  }

  @Test
  void parsesALineWithoutOptionalFields() throws IOException {
    MountInfo m = MountTable.parseLine("1 0 0:5 / /x rw - overlay overlay rw,lowerdir=/a:/b");
    assertThat(m.optionalFields()).isEmpty();
    assertThat(m.superOptions()).isEqualTo("rw,lowerdir=/a:/b");
  }

  @Test
  void refusesGarbage() {
    assertThatThrownBy(() -> MountTable.parseLine("1 2 3")).isInstanceOf(IOException.class)
        .hasMessageContaining("malformed mountinfo line");
    assertThatThrownBy(() -> MountTable.parse(List.of("a b c:d / / rw - x y z")))
        .isInstanceOf(IOException.class);
  }

  @Test
  void readsTheRealTable() throws IOException {
    assertThat(MountTable.read()).anySatisfy(m -> assertThat(m.mountPoint()).isEqualTo("/"));
  }
}
