package io.berth.ctr.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.UnknownException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyValuesTest {

  @Test
  void labelsDefaultToTrueAndKeepEmptyValues() {
    assertThat(KeyValues.labels(List.of("a=b", "flag", "empty=", "k=v=w", "a=c")))
        .containsExactly(
            java.util.Map.entry("a", "c"),
            java.util.Map.entry("flag", "true"),
            java.util.Map.entry("empty", ""),
            java.util.Map.entry("k", "v=w"));
  }

  @Test
  void leaseLabelsDefaultToEmpty() {
    assertThat(KeyValues.leaseLabels(List.of("b", "a=1"))).containsEntry("b", "").containsEntry("a", "1");
  }

  @Test
  void annotationsNeedAnEqualsSign() {
    assertThat(KeyValues.annotations(List.of("a=1", "b=", "c=x=y")))
        .containsExactly(
            java.util.Map.entry("a", "1"), java.util.Map.entry("b", ""), java.util.Map.entry("c", "x=y"));
    assertThatThrownBy(() -> KeyValues.annotations(List.of("ok=1", "bare")))
        .isInstanceOf(UnknownException.class)
        .hasMessage("invalid key=value format annotation: bare");
  }
}
