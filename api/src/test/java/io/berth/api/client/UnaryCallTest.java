package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnaryCallTest {

  @Test
  void timeoutsAndMessagesUseGrpcsTextForms() {
    assertThat(UnaryCall.timeout(0)).isEqualTo("1n");
    assertThat(UnaryCall.timeout(99_999_999)).isEqualTo("99999999n");
    assertThat(UnaryCall.timeout(120_000_000_000L)).isEqualTo("120000m");
    assertThat(UnaryCall.timeout(Long.MAX_VALUE)).matches("\\d{1,8}[HMSmun]");
    assertThat(UnaryCall.percentDecoded("a%20b%C3%BC%2")).isEqualTo("a bü%2");
    assertThat(UnaryCall.percentDecoded("plain")).isEqualTo("plain");
  }
}
