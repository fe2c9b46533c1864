package io.berth.bench.targets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitActivityTest {

  @Test
  void countsTheCompilerThreadsOfThisJvm() {
    long sum = 0;
    for (int i = 0; i < 2_000_000; i++) {
      sum += Integer.toString(i).hashCode();
    }
    assertThat(sum).isNotZero();
    assertThat(JitActivity.compilerCpuNanos(ProcessHandle.current().pid())).isPositive();
  }

  @Test
  void aProcessThatIsGoneHasNone() {
    assertThat(JitActivity.compilerCpuNanos(Long.MAX_VALUE)).isZero();
  }
}
