package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockPoolTest {

  @Test
  void lendsTheLatestBlockGivenBackFirst() {
    BlockPool pool = new BlockPool(4);
    byte[] a = pool.take();
    byte[] b = pool.take();
    assertThat(a).hasSize(Embedding.BLOCK).isNotSameAs(b);
    pool.giveBack(List.of(a, b));
    assertThat(pool.free()).isEqualTo(2);
    assertThat(pool.take()).isSameAs(b);
    assertThat(pool.take()).isSameAs(a);
    assertThat(pool.free()).isZero();
  }

  @Test
  void keepsNoMoreThanItsCapacity() {
    BlockPool pool = new BlockPool(2);
    List<byte[]> three = List.of(pool.take(), pool.take(), pool.take());
    pool.giveBack(three);
    assertThat(pool.free()).isEqualTo(2);
    assertThat(new BlockPool(0).free()).isZero();
    assertThatThrownBy(() -> new BlockPool(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }
}
