package io.berth.shim.cgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CgroupPathTest {

  @Test
  void absolutePathGoesUnderTheMountpoint() {
    CgroupPath p = CgroupPath.parse("/default/myid");
    Hierarchy h = new Hierarchy(Path.of("/sys/fs/cgroup/memory"), "/", Set.of("memory"), "/me");

    assertThat(p.absolute()).isTrue();
    assertThat(p.in(h)).isEqualTo(Path.of("/sys/fs/cgroup/memory/default/myid"));
    assertThat(p).hasToString("/default/myid");
  }

  @Test
  void relativePathGoesUnderOwnCgroup() {
    CgroupPath p = CgroupPath.parse("sub/myid");
    Hierarchy h = new Hierarchy(Path.of("/sys/fs/cgroup"), "/", Set.of(), "/system.slice/x");

    assertThat(p.in(h)).isEqualTo(Path.of("/sys/fs/cgroup/system.slice/x/sub/myid"));
  }

  @Test
  void repeatedSlashesAreNormalised() {
    assertThat(CgroupPath.parse("//docker///abc/")).hasToString("/docker/abc");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/..", "/default/../../etc", "../x", "/a/./b", ".", "a/..", "/docker/abc/.."})
  void dotComponentsAreRefused(String path) {
    assertThatThrownBy(() -> CgroupPath.parse(path))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("cgroups path ")
        .hasMessageEndingWith(": invalid argument");
  }

  @Test
  void nulIsRefused() {
    assertThatThrownBy(() -> CgroupPath.parse("/default/a\0b"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void controlCharactersAreRefused() {
    assertThatThrownBy(() -> CgroupPath.parse("/default/a\nb"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("control character");
  }

  @Test
  void emptyAndRootAreRefused() {
    assertThatThrownBy(() -> CgroupPath.parse(""))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("cgroups path must not be empty: invalid argument");
    assertThatThrownBy(() -> CgroupPath.parse("///"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("names the root cgroup");
    assertThatThrownBy(() -> CgroupPath.parse(null)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void overlongPathsAndComponentsAreRefused() {
    assertThatThrownBy(() -> CgroupPath.parse("/" + "a".repeat(256)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("longer than 255");
    assertThatThrownBy(() -> CgroupPath.parse("/a".repeat(2100)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("longer than 4096");
  }

  @Test
  void recordRefusesComponentsWithSlashes() {
    assertThatThrownBy(() -> new CgroupPath(true, java.util.List.of("a/../b")))
        .isInstanceOf(InvalidArgumentException.class);
  }
}
