package io.berth.bench.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs n concurrent callers, each making one call after another, released together. The clock
 * starts when they are released and stops when the last call of the last caller has ended. The
 * first failure stops every caller and is rethrown.
 *
 * <p>A caller's calls are either blocking ({@link Call}: each caller on a platform thread of its
 * own) or asynchronous ({@link AsyncCall}: a call returns at once and its stage completes when it
 * ends, on whatever thread ends it, which then starts the caller's next call). Asynchronous callers
 * share as many threads as the caller asks for: one, for calls that an event loop completes, so
 * that 16 callers cost one thread instead of 16 thread wake-ups per round of answers.
 */
public final class Clients {

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

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

  /** Starts one call of caller {@code client}; the call has ended when the stage completes. */
  @FunctionalInterface
  public interface AsyncCall {
    CompletionStage<?> start(int client) throws Exception;
  }

  /** Starts one call of caller {@code client} on one item. */
  @FunctionalInterface
  public interface AsyncItemCall<T> {
    CompletionStage<?> start(int client, T item) throws Exception;
  }

  /** Every caller, on a thread of its own, repeats {@code call} for {@code duration}. */
  public static Sample forDuration(int callers, Duration duration, Call call) {
    return forDuration(callers, callers, duration, c -> {
      call.run(c);
      return DONE;
    });
  }

  /**
   * Every caller repeats {@code call} until {@code duration} has passed since the release; the
   * callers are started from {@code threads} threads.
   */
  public static Sample forDuration(int callers, int threads, Duration duration, AsyncCall call) {
    long length = duration.toNanos();
    return run(callers, threads,
        (client, start) -> System.nanoTime() - start < length ? call.start(client) : null);
  }

  /** The callers, each on a thread of its own, share {@code items}: each takes the next one. */
  public static <T> Sample forEach(int callers, List<T> items, ItemCall<T> call) {
    return forEach(callers, callers, items, (c, item) -> {
      call.run(c, item);
      return DONE;
    });
  }

  /**
   * The callers share {@code items}: each takes the next one until none is left; the callers are
   * started from {@code threads} threads.
   */
  public static <T> Sample forEach(int callers, int threads, List<T> items,
      AsyncItemCall<T> call) {
    AtomicInteger next = new AtomicInteger();
    return run(callers, threads, (client, start) -> {
      int i = next.getAndIncrement();
      return i < items.size() ? call.start(client, items.get(i)) : null;
    });
  }

  /** A caller's next call, or null when the caller is done. */
  private interface Next {
    CompletionStage<?> start(int client, long start) throws Exception;
  }

  private static Sample run(int callers, int threads, Next next) {
    if (callers < 1) {
      throw new IllegalArgumentException("callers must be >= 1, got " + callers);
    }
    if (threads < 1 || threads > callers) {
      throw new IllegalArgumentException(
          "threads must be within 1.." + callers + ", got " + threads);
    }
    Run run = new Run(next, callers);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      started.add(Thread.ofPlatform().name("bench-client-" + t).start(() -> {
        ready.countDown();
        try {
          go.await();
        } catch (InterruptedException e) {
          run.fail(e);
        }
        for (int client = first; client < callers; client += threads) {
          run.drive(client);
        }
      }));
    }
    try {
      ready.await();
      run.start = System.nanoTime();
      go.countDown();
      run.finished.await();
      for (Thread t : started) {
        t.join();
      }
    } catch (InterruptedException e) {
      run.fail(e);
      started.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while clients were running", e);
    }
    long nanos = Math.max(1, System.nanoTime() - run.start);
    Throwable t = run.failure.get();
    if (t != null) {
      throw new WorkloadFailure("a client failed after " + run.done.get() + " operations: " + t, t);
    }
    return new Sample(run.done.get(), nanos);
  }

  /** The state of one run: what its callers share. */
  private static final class Run {
    final Next next;
    final AtomicLong done = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Counted down once per caller, when it makes no more calls. */
    final CountDownLatch finished;
    /** When the callers were released (System.nanoTime); set before they are. */
    volatile long start;

    Run(Next next, int callers) {
      this.next = next;
      this.finished = new CountDownLatch(callers);
    }

    /**
     * Makes caller {@code client}'s calls: in this thread while they end at once, then from
     * the thread that ends the call that did not.
     */
    void drive(int client) {
      for (;;) {
        CompletableFuture<?> call = start(client);
        if (call == null) {
          finished.countDown();
          return;
        }
        if (!call.isDone()) {
          call.whenComplete((result, t) -> {
            if (ended(t)) {
              drive(client);
            } else {
              finished.countDown();
            }
          });
          return;
        }
        Throwable t = call.isCompletedExceptionally() ? call.exceptionNow() : null;
        if (!ended(t)) {
          finished.countDown();
          return;
        }
      }
    }

    /** The caller's next call, or null if it is done or the run has failed. */
    private CompletableFuture<?> start(int client) {
      if (failure.get() != null) {
        return null;
      }
      try {
        CompletionStage<?> s = next.start(client, start);
        return s == null ? null : s.toCompletableFuture();
      } catch (Throwable t) {
        fail(t);
        return null;
      }
    }

    /** Counts a call that ended; false (and the run fails) if it failed with {@code t}. */
    private boolean ended(Throwable t) {
      if (t != null) {
        fail(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
        return false;
      }
      done.incrementAndGet();
      return true;
    }

    void fail(Throwable t) {
      failure.compareAndSet(null, t);
    }
  }
}
