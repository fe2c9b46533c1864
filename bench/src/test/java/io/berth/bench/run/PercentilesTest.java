package io.berth.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfUnsortedValues() {
    long[] v = {50, 10, 40, 20, 30, 60, 70, 80, 90, 100};
    assertThat(Percentiles.nearestRank(v, 50)).isEqualTo(50);
    assertThat(Percentiles.nearestRank(v, 95)).isEqualTo(100);
    assertThat(Percentiles.nearestRank(v, 1)).isEqualTo(10);
    assertThat(v[0]).as("the input is not reordered").isEqualTo(50);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Percentiles.median(new long[] {3, 1, 2})).isEqualTo(2.0);
    assertThat(Percentiles.median(new long[] {4, 1, 3, 2})).isEqualTo(2.5);
  }

  @Test
  void rejectsNoValuesAndBadPercentiles() {
    assertThatThrownBy(() -> Percentiles.median(new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Percentiles.nearestRank(new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
