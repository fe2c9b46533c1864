package io.berth.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientsTest {

  @Test
  void forEachHandsEveryItemToExactlyOneCaller() {
    List<Integer> items = IntStream.range(0, 1000).boxed().toList();
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    Set<Integer> callers = ConcurrentHashMap.newKeySet();
    Sample s = Clients.forEach(8, items, (c, i) -> {
      assertThat(seen.add(i)).as("item %d handed out twice", i).isTrue();
      callers.add(c);
    });
    assertThat(seen).hasSize(1000);
    assertThat(s.operations()).isEqualTo(1000);
    assertThat(callers).allMatch(c -> c >= 0 && c < 8);
  }

  @Test
  void forDurationCountsEveryCompletedCall() {
    AtomicLong calls = new AtomicLong();
    Sample s = Clients.forDuration(4, Duration.ofMillis(30), c -> calls.incrementAndGet());
    assertThat(s.operations()).isEqualTo(calls.get()).isPositive();
  }

  @Test
  void theFirstFailureStopsTheRunAndIsReported() {
    assertThatThrownBy(() -> Clients.forEach(4, IntStream.range(0, 100).boxed().toList(),
        (c, i) -> {
          if (i == 10) {
            throw new IllegalStateException("boom at " + i);
          }
        }))
        .isInstanceOf(WorkloadFailure.class)
        .hasMessageContaining("boom at 10")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesNoCallers() {
    assertThatThrownBy(() -> Clients.forDuration(0, Duration.ofMillis(1), c -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
