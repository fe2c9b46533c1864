package io.berth.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  @Test
  void asynchronousCallersOnOneThreadEachGetTheirTurnUntilTheItemsRunOut() {
    List<Integer> items = IntStream.range(0, 2000).boxed().toList();
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    Set<Integer> callers = ConcurrentHashMap.newKeySet();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    // a one-thread "event loop" ends every call, as DirectLoop does
    ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
    try {
      Sample s = Clients.forEach(16, 1, items, (c, i) -> {
        threads.add(Thread.currentThread().getName());
        assertThat(seen.add(i)).as("item %d handed out twice", i).isTrue();
        callers.add(c);
        return CompletableFuture.runAsync(() -> { }, loop);
      });
      assertThat(s.operations()).isEqualTo(2000);
      assertThat(seen).hasSize(2000);
      assertThat(callers).hasSize(16);
      // the first calls start on the one caller thread, the rest on the loop that ended the last
      assertThat(threads).containsExactlyInAnyOrder("bench-client-0", "loop");
    } finally {
      loop.shutdownNow();
    }
  }

  @Test
  void anAsynchronousFailureStopsTheRunAndIsReportedAsItself() {
    ExecutorService loop = Executors.newSingleThreadExecutor();
    try {
      assertThatThrownBy(() -> Clients.forDuration(4, 2, Duration.ofSeconds(30), c ->
          CompletableFuture.runAsync(() -> {
            throw new IllegalStateException("boom from client " + c);
          }, loop)))
          .isInstanceOf(WorkloadFailure.class)
          .hasMessageContaining("boom from client")
          .hasCauseInstanceOf(IllegalStateException.class);
    } finally {
      loop.shutdownNow();
    }
  }

  @Test
  void refusesMoreThreadsThanCallers() {
    assertThatThrownBy(() -> Clients.forDuration(2, 3, Duration.ofMillis(1),
        c -> CompletableFuture.completedFuture(null)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
