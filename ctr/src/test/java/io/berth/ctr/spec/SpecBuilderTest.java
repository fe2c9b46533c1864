package io.berth.ctr.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecBuilderTest {

  private static String recorded(String name) throws IOException {
    try (InputStream in = SpecBuilderTest.class.getResourceAsStream("/io/berth/ctr/spec/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // `ctr c create --rootfs /tmp S1`, spec bytes as stored by containerd 1.6.20
  @Test
  void defaultSpecIsByteIdenticalToCtr() throws IOException {
    String json =
        new String(SpecBuilder.defaults("default", "S1").rootfs("/tmp").annotations(Map.of()).json(), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(recorded("ctr-spec-default.json"));
  }

  // `ctr c create --rootfs --label a=b --label zz --label 'q=<&>' --env FOO=bar --env X --env FOO=baz
  //  --cwd /w --annotation an=1 --annotation a=override -t --read-only /srv/rootfs S2 sh -x 'echo <hi> & bye'`
  @Test
  void optionsInCtrOrderAreByteIdenticalToCtr() throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("a", "b");
    labels.put("zz", "true");
    labels.put("q", "<&>");
    String json =
        new String(
            SpecBuilder.defaults("default", "S2")
                .env(List.of("FOO=bar", "X", "FOO=baz"))
                .rootfs("/srv/rootfs")
                .readonlyRootfs()
                .args(List.of("sh", "-x", "echo <hi> & bye"))
                .cwd("/w")
                .tty()
                .annotations(Map.of("an", "1", "a", "override"))
                .annotations(labels)
                .json(),
            StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(recorded("ctr-spec-options.json"));
  }

  @Test
  void envReplacesAppendsAndRemoves() {
    assertThat(SpecBuilder.replaceOrAppend(List.of("PATH=/bin", "A=1", "B=2"), List.of("A=3", "B", "C=4", "C=5", "D")))
        .containsExactly("PATH=/bin", "A=3", "C=4", "C=5");
    assertThat(SpecBuilder.replaceOrAppend(List.of(), List.of())).isEmpty();
  }

  @Test
  void cgroupsPathIsJoinedAndCleaned() {
    assertThat(SpecBuilder.defaults("ns", "id").tree().at("/linux/cgroupsPath").asText()).isEqualTo("/ns/id");
    assertThat(SpecBuilder.defaults("ns", "../x").tree().at("/linux/cgroupsPath").asText()).isEqualTo("/x");
  }

  @Test
  void invalidNamespaceIsRefusedAsContainerdDoes() {
    assertThatThrownBy(() -> SpecBuilder.defaults("bad ns", "id")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void goPaths() {
    assertThat(GoPaths.clean("")).isEqualTo(".");
    assertThat(GoPaths.clean("a//b/./../c/")).isEqualTo("a/c");
    assertThat(GoPaths.clean("/../a/..")).isEqualTo("/");
    assertThat(GoPaths.clean("../../a")).isEqualTo("../../a");
    assertThat(GoPaths.abs("tmp/../tmp/./x", "/root")).isEqualTo("/root/tmp/x");
    assertThat(GoPaths.abs("/srv//r/", "/root")).isEqualTo("/srv/r");
    assertThat(GoPaths.join("", "")).isEmpty();
  }
}
