package io.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.berth.api.errors.NotFoundException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

  private static final AnswerCache.Name A = new AnswerCache.Name("default", "a");

  /** A read that counts its calls and answers {@code bytes}. */
  private static final class Read implements Supplier<ByteString> {
    final AtomicInteger calls = new AtomicInteger();
    final ByteString bytes;

    /** Answers that count {@code weight} bytes against the budget, their overhead included. */
    Read(int weight) {
      this.bytes = ByteString.copyFrom(new byte[weight - AnswerCache.ENTRY_OVERHEAD]);
    }

    @Override
    public ByteString get() {
      calls.incrementAndGet();
      return bytes;
    }
  }

  @Test
  void anAnswerIsReadOnceUntilItsContainerIsWritten() {
    AnswerCache cache = new AnswerCache(1 << 20);
    Read read = new Read(300);

    assertThat(cache.get(A, 1, read)).isSameAs(read.bytes);
    assertThat(cache.get(A, 1, read)).isSameAs(read.bytes);
    assertThat(read.calls).hasValue(1);
    assertThat(cache.bytes()).isEqualTo(300);

    cache.invalidate(A);
    assertThat(cache.bytes()).isZero();
    cache.get(A, 1, read);
    assertThat(read.calls).hasValue(2);
  }

  @Test
  void namesAndFieldsAreKeptApart() {
    AnswerCache cache = new AnswerCache(1 << 20);
    Read read = new Read(200);
    cache.get(A, 1, read);
    cache.get(new AnswerCache.Name("other", "a"), 1, read);
    cache.get(new AnswerCache.Name("default", "b"), 1, read);
    cache.get(A, 2, read);
    assertThat(read.calls).hasValue(4);
    cache.get(A, 2, read);
    assertThat(read.calls).hasValue(4);
  }

  @Test
  void aFailedReadKeepsNothing() {
    AnswerCache cache = new AnswerCache(1 << 20);
    assertThatThrownBy(() -> cache.get(A, 1, () -> {
      throw new NotFoundException("container \"a\"");
    })).isInstanceOf(NotFoundException.class);
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void anAnswerReadBeforeAWriteIsNotKept() {
    AnswerCache cache = new AnswerCache(1 << 20);
    Read fresh = new Read(200);
    // The write lands while the read is in progress: what the read got may predate it.
    ByteString stale = cache.get(A, 1, () -> {
      cache.invalidate(A);
      return ByteString.copyFromUtf8("before the write");
    });
    assertThat(stale.toStringUtf8()).isEqualTo("before the write");
    assertThat(cache.get(A, 1, fresh)).isSameAs(fresh.bytes);
    assertThat(fresh.calls).hasValue(1);
    // A write to another container of the same segment costs the read its entry too, never more.
    assertThat(cache.get(A, 1, fresh)).isSameAs(fresh.bytes);
    assertThat(fresh.calls).hasValue(1);
  }

  @Test
  void theLeastRecentlyUsedGoFirstAndTheBudgetHolds() {
    // 16 segments of 1,000 bytes each: one segment holds three answers of 300 bytes
    AnswerCache cache = new AnswerCache(16_000);
    Read read = new Read(300);
    for (int i = 0; i < 2_000; i++) {
      cache.get(new AnswerCache.Name("ns", "c" + i), 1, read);
      assertThat(cache.bytes()).isLessThanOrEqualTo(16_000);
    }
    assertThat(cache.bytes()).isEqualTo(16 * 900);

    // within a segment, an answer read again outlives the one read before it
    AnswerCache one = new AnswerCache(16 * 600);
    AnswerCache.Name[] same = namesOfOneSegment(3);
    one.get(same[0], 1, read);
    one.get(same[1], 1, read);
    one.get(same[0], 1, read);
    one.get(same[2], 1, read);
    int before = read.calls.get();
    one.get(same[0], 1, read);
    assertThat(read.calls).hasValue(before);
    one.get(same[1], 1, read);
    assertThat(read.calls).hasValue(before + 1);
  }

  @Test
  void anAnswerLargerThanASegmentIsNotKept() {
    AnswerCache cache = new AnswerCache(16 * 300);
    Read read = new Read(301);
    cache.get(A, 1, read);
    cache.get(A, 1, read);
    assertThat(read.calls).hasValue(2);
    assertThat(cache.bytes()).isZero();
    assertThatThrownBy(() -> new AnswerCache(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Names that fall in one segment, as the cache spreads them. */
  private static AnswerCache.Name[] namesOfOneSegment(int n) {
    AnswerCache.Name[] out = new AnswerCache.Name[n];
    int found = 0;
    int segment = AnswerCache.segmentOf(new AnswerCache.Name("ns", "x0"));
    for (int i = 0; found < n; i++) {
      AnswerCache.Name name = new AnswerCache.Name("ns", "x" + i);
      if (AnswerCache.segmentOf(name) == segment) {
        out[found++] = name;
      }
    }
    return out;
  }
}
