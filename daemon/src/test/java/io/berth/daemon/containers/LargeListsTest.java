package io.berth.daemon.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LargeListsTest {

  @Test
  void remembersEachNamespacesLastAnswer() {
    LargeLists lists = new LargeLists();
    assertThat(lists.isLarge("a")).isFalse();
    lists.answered("a", LargeLists.LARGE_BYTES - 1);
    assertThat(lists.isLarge("a")).isFalse();
    lists.answered("a", LargeLists.LARGE_BYTES);
    lists.answered("b", 10);
    assertThat(lists.isLarge("a")).isTrue();
    assertThat(lists.isLarge("b")).isFalse();
    lists.answered("a", 100);
    assertThat(lists.isLarge("a")).isFalse();
  }

  @Test
  void forgetsEverythingPastItsBoundRatherThanGrowing() {
    LargeLists lists = new LargeLists();
    for (int i = 0; i < 10_000; i++) {
      lists.answered("ns" + i, LargeLists.LARGE_BYTES);
    }
    assertThat(lists.isLarge("ns9999")).isTrue();
    assertThat(lists.isLarge("ns0")).isFalse();
  }
}
