package io.berth.bench.workloads.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.bench.run.Scale;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.EmbeddedTarget;
import io.berth.bench.workloads.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SharedBatchesTest {

  private static EmbeddedTarget target;
  private static final Session SESSION = new Session(Scale.quick());

  @BeforeAll
  static void open() {
    target = new EmbeddedTarget(1);
  }

  @AfterAll
  static void close() {
    target.close();
  }

  @Test
  void rowsReadTheSameBatchesAndEachIsMeasuredOnce() {
    List<Integer> measured = new ArrayList<>();
    SharedBatches<String> batches = new SharedBatches<>((t, s, index) -> {
      measured.add(index);
      return t.name() + "#" + index;
    });
    SharedBatches.Calls p50 = new SharedBatches.Calls();
    SharedBatches.Calls p95 = new SharedBatches.Calls();
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      first.add(batches.get(target, SESSION, p50.next(target)));
    }
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      second.add(batches.get(target, SESSION, p95.next(target)));
    }
    assertThat(first).containsExactly("embedded#0", "embedded#1", "embedded#2");
    assertThat(second).isEqualTo(first);
    assertThat(measured).containsExactly(0, 1, 2);
  }

  @Test
  void aFailedBatchFailsEveryRowWithoutBeingMeasuredAgain() {
    List<Integer> measured = new ArrayList<>();
    SharedBatches<String> batches = new SharedBatches<>((t, s, index) -> {
      measured.add(index);
      throw new WorkloadFailure("batch " + index + " failed");
    });
    assertThatThrownBy(() -> batches.get(target, SESSION, 0)).hasMessage("batch 0 failed");
    assertThatThrownBy(() -> batches.get(target, SESSION, 0)).hasMessage("batch 0 failed");
    assertThat(measured).containsExactly(0);
  }
}
