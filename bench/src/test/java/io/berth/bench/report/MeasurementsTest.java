package io.berth.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeasurementsTest {

  @Test
  void medianMinMaxAndSpreadOfAnOddCount() {
    Measurements m = of(120, 100, 80);
    assertThat(m.median()).isEqualTo(100);
    assertThat(m.min()).isEqualTo(80);
    assertThat(m.max()).isEqualTo(120);
    assertThat(m.spread()).isCloseTo(0.4, within(1e-9));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(of(4, 1, 3, 2).median()).isEqualTo(2.5);
  }

  @Test
  void aFailureMakesItNotOkButKeepsTheValues() {
    Measurements m = of(5);
    m.fail("daemon died");
    assertThat(m.ok()).isFalse();
    assertThat(m.error()).contains("daemon died");
    assertThat(m.values()).containsExactly(5.0);
  }

  @Test
  void refusesNonThroughputs() {
    assertThatThrownBy(() -> of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Measurements().median())
        .isInstanceOf(IllegalStateException.class);
  }

  static Measurements of(double... values) {
    Measurements m = new Measurements();
    for (double v : values) {
      m.add(v);
    }
    return m;
  }
}
