package io.berth.daemon.server;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of {@link CallThread#WRITE} calls, and (another instance, with its own pool) of
 * {@link CallThread#LONG_READ} calls: a task handed over by an event loop while no other such
 * task runs is run right there, on the event loop; otherwise it goes to the pool.
 *
 * <p>A lone write (one client writing in turn) so waits for its sync on the event loop that read
 * it and writes its answer there, without the two thread wake-ups of a hand-off and back. Once
 * writes overlap they run on pooled threads, where they wait together and the store commits
 * them as one group; the event loops stay free for the other calls. At most one task runs
 * inline at a time, so an event loop is never held by more than one write.
 */
final class InlineWhenIdle implements Executor {

  private final EventLoopGroup loops;
  private final Executor pool;
  /** Tasks running or handed to the pool and not yet finished. */
  private final AtomicInteger busy = new AtomicInteger();

  InlineWhenIdle(EventLoopGroup loops, Executor pool) {
    this.loops = loops;
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    if (busy.get() == 0 && onEventLoop() && busy.compareAndSet(0, 1)) {
      try {
        task.run();
      } finally {
        busy.decrementAndGet();
      }
      return;
    }
    busy.incrementAndGet();
    try {
      pool.execute(() -> {
        try {
          task.run();
        } finally {
          busy.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      busy.decrementAndGet();
      throw e;
    }
  }

  private boolean onEventLoop() {
    for (EventExecutor loop : loops) {
      if (loop.inEventLoop()) {
        return true;
      }
    }
    return false;
  }
}
