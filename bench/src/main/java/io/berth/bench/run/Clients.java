package io.berth.bench.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs n concurrent callers, each on its own platform thread, released together. The clock
 * starts when they are released and stops when the last one finishes. The first failure stops
 * every caller and is rethrown.
 */
public final class Clients {

  private Clients() {}

  /** One call of caller {@code client}. */
  @FunctionalInterface
  public interface Call {
    void run(int client) throws Exception;
  }

  /** One call of caller {@code client} on one item. */
  @FunctionalInterface
  public interface ItemCall<T> {
    void run(int client, T item) throws Exception;
  }

  /** Every caller repeats {@code call} until {@code duration} has passed since the release. */
  public static Sample forDuration(int callers, Duration duration, Call call) {
    AtomicLong done = new AtomicLong();
    long length = duration.toNanos();
    return run(callers, (client, start) -> {
      long n = 0;
      try {
        while (System.nanoTime() - start < length) {
          call.run(client);
          n++;
        }
      } finally {
        done.addAndGet(n);
      }
    }, done);
  }

  /** The callers share {@code items}: each takes the next one until none is left. */
  public static <T> Sample forEach(int callers, List<T> items, ItemCall<T> call) {
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    return run(callers, (client, start) -> {
      for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
        call.run(client, items.get(i));
        done.incrementAndGet();
      }
    }, done);
  }

  private interface Body {
    void run(int client, long start) throws Exception;
  }

  private static Sample run(int callers, Body body, AtomicLong done) {
    if (callers < 1) {
      throw new IllegalArgumentException("callers must be >= 1, got " + callers);
    }
    CountDownLatch ready = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong start = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int client = i;
      threads.add(Thread.ofPlatform().name("bench-client-" + i).start(() -> {
        ready.countDown();
        try {
          go.await();
          if (failure.get() == null) {
            body.run(client, start.get());
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }));
    }
    try {
      ready.await();
      start.set(System.nanoTime());
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      threads.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while clients were running", e);
    }
    long nanos = Math.max(1, System.nanoTime() - start.get());
    Throwable t = failure.get();
    if (t != null) {
      throw new WorkloadFailure("a client failed after " + done.get() + " operations: " + t, t);
    }
    return new Sample(done.get(), nanos);
  }
}
