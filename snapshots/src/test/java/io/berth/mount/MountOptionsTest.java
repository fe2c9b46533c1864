package io.berth.mount;

import static io.berth.mount.MountOptions.MS_BIND;
import static io.berth.mount.MountOptions.MS_NODEV;
import static io.berth.mount.MountOptions.MS_NOEXEC;
import static io.berth.mount.MountOptions.MS_NOSUID;
import static io.berth.mount.MountOptions.MS_PRIVATE;
import static io.berth.mount.MountOptions.MS_RDONLY;
import static io.berth.mount.MountOptions.MS_REC;
import static io.berth.mount.MountOptions.MS_REMOUNT;
import static io.berth.mount.MountOptions.MS_SHARED;
import static io.berth.mount.MountOptions.MS_SLAVE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountOptionsTest {

  @Test
  void flagWordsBecomeBitsAndTheRestData() {
    MountOptions o = MountOptions.parse(
        List.of("index=off", "nosuid", "workdir=/w", "nodev", "upperdir=/u", "noexec", "lowerdir=/a:/b"));
    assertThat(o.flags()).isEqualTo(MS_NOSUID | MS_NODEV | MS_NOEXEC);
    assertThat(o.propagation()).isZero();
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
    assertThat(MountOptions.parse(List.of("rbind", "rprivate")).propagation()).isEqualTo(MS_PRIVATE | MS_REC);
    assertThat(MountOptions.parse(List.of("private")).propagation()).isEqualTo(MS_PRIVATE);
    assertThat(MountOptions.parse(List.of("rshared")).propagation()).isEqualTo(MS_SHARED | MS_REC);
    assertThat(MountOptions.parse(List.of("slave")).propagation()).isEqualTo(MS_SLAVE);
    assertThat(MountOptions.parse(List.of("rslave")).flags()).isZero();
  }
}
