package io.berth.api.mounts;

import static io.berth.api.mounts.MountFlags.MS_BIND;
import static io.berth.api.mounts.MountFlags.MS_NODEV;
import static io.berth.api.mounts.MountFlags.MS_NOEXEC;
import static io.berth.api.mounts.MountFlags.MS_NOSUID;
import static io.berth.api.mounts.MountFlags.MS_PRIVATE;
import static io.berth.api.mounts.MountFlags.MS_RDONLY;
import static io.berth.api.mounts.MountFlags.MS_REC;
import static io.berth.api.mounts.MountFlags.MS_REMOUNT;
import static io.berth.api.mounts.MountFlags.MS_SHARED;
import static io.berth.api.mounts.MountFlags.MS_SLAVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

  @Test
  void flagWordsBecomeBitsAndTheRestData() {
    MountOptions o = MountOptions.parse(
        List.of("index=off", "nosuid", "workdir=/w", "nodev", "upperdir=/u", "noexec", "lowerdir=/a:/b"));
    assertThat(o.flags()).isEqualTo(MS_NOSUID | MS_NODEV | MS_NOEXEC);
    assertThat(o.propagation()).isEmpty();
    assertThat(o.data()).isEqualTo("index=off,workdir=/w,upperdir=/u,lowerdir=/a:/b");
  }

  @Test
  void laterWordsWinAndClearingWordsClear() {
    assertThat(MountOptions.parse(List.of("ro", "rw")).flags()).isZero();
    assertThat(MountOptions.parse(List.of("rw", "ro")).flags()).isEqualTo(MS_RDONLY);
    assertThat(MountOptions.parse(List.of("nosuid", "suid", "nodev")).flags()).isEqualTo(MS_NODEV);
    assertThat(MountOptions.parse(List.of("defaults")).flags()).isZero();
    assertThat(MountOptions.parse(List.of("defaults")).data()).isEmpty();
  }

  @Test
  void bindWordsAndRemount() {
    assertThat(MountOptions.parse(List.of("ro", "rbind")).flags()).isEqualTo(MS_RDONLY | MS_BIND | MS_REC);
    assertThat(MountOptions.parse(List.of("bind")).flags()).isEqualTo(MS_BIND);
    MountOptions remount = MountOptions.parse(List.of("remount", "ro", "bind"));
    assertThat(remount.has(MS_REMOUNT | MS_RDONLY | MS_BIND)).isTrue();
  }

  @Test
  void propagationIsSeparate() {
    assertThat(MountOptions.parse(List.of("rbind", "rprivate")).propagation()).containsExactly(MS_PRIVATE | MS_REC);
    assertThat(MountOptions.parse(List.of("private")).propagation()).containsExactly(MS_PRIVATE);
    assertThat(MountOptions.parse(List.of("rshared")).propagation()).containsExactly(MS_SHARED | MS_REC);
    assertThat(MountOptions.parse(List.of("slave")).propagation()).containsExactly(MS_SLAVE);
    assertThat(MountOptions.parse(List.of("rslave")).flags()).isZero();
    assertThat(MountOptions.parse(List.of("rprivate", "slave")).propagation())
        .containsExactly(MS_PRIVATE | MS_REC, MS_SLAVE);
    assertThat(MountOptions.propagationOf("rshared")).hasValue(MS_SHARED | MS_REC);
    assertThat(MountOptions.propagationOf("bind")).isEmpty();
  }
}
