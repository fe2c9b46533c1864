package io.berth.daemon.server;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event loop's I/O handler (io_uring or epoll) that, for a short while after it last had work,
 * polls for more instead of sleeping in the kernel.
 *
 * <p>A client that makes one call after another sends its next request a few dozen microseconds
 * after it got the last answer. An event loop asleep by then is woken by the kernel, which on a
 * small VM costs about as much as serving the call (a Get at one client: ~8,000 per second asleep,
 * ~14,000 polling, on this project's 2-core VM; containerd's Go runtime polls likewise). So a loop
 * that has had work in the last {@code window} polls, without blocking, until new work comes or
 * the window passes. Polling costs a core while it lasts, so at most {@code maxPollers} loops of a
 * group poll at once, and a loop whose whole window passed with nothing to do (calls too sparse
 * for polling to pay) sleeps at once for the next {@link #REST_WINDOWS} windows.
 */
final class PollBeforeSleep implements IoHandler {

  /** How many windows a loop sleeps at once after a window of polling that found nothing. */
  static final int REST_WINDOWS = 50;

  private final IoHandler io;
  private final long windowNanos;
  private final AtomicInteger pollers;
  private final int maxPollers;
  private final NonBlocking nonBlocking = new NonBlocking();
  private long lastWork;
  private long restUntil;
  private boolean polling;

  private PollBeforeSleep(IoHandler io, long windowNanos, AtomicInteger pollers, int maxPollers) {
    this.io = io;
    this.windowNanos = windowNanos;
    this.pollers = pollers;
    this.maxPollers = maxPollers;
    this.lastWork = System.nanoTime() - windowNanos;
    this.restUntil = lastWork;
  }

  /**
   * The handlers of {@code io}, each polling for up to {@code windowNanos} after its last work,
   * at most {@code maxPollers} of them at once; {@code io} itself if the window is 0.
   */
  static IoHandlerFactory around(IoHandlerFactory io, long windowNanos, int maxPollers) {
    if (windowNanos <= 0) {
      return io;
    }
    AtomicInteger pollers = new AtomicInteger();
    return new IoHandlerFactory() {
      @Override
      public IoHandler newHandler(io.netty.util.concurrent.ThreadAwareExecutor executor) {
        return new PollBeforeSleep(io.newHandler(executor), windowNanos, pollers, maxPollers);
      }

      @Override
      public boolean isChangingThreadSupported() {
        return io.isChangingThreadSupported();
      }
    };
  }

  @Override
  public int run(IoHandlerContext context) {
    long now = System.nanoTime();
    IoHandlerContext used = context;
    if (!context.canBlock()) {
      lastWork = now; // tasks are waiting: the loop is busy anyway
    } else if (now - lastWork < windowNanos && now - restUntil >= 0 && (polling || startPolling())) {
      nonBlocking.context = context;
      used = nonBlocking;
    } else if (polling) {
      // a whole window without work: sleep, and leave polling alone for a while
      stopPolling();
      restUntil = now + REST_WINDOWS * windowNanos;
    }
    int handled = io.run(used);
    if (handled > 0) {
      lastWork = System.nanoTime();
    }
    return handled;
  }

  private boolean startPolling() {
    for (int n = pollers.get(); n < maxPollers; n = pollers.get()) {
      if (pollers.compareAndSet(n, n + 1)) {
        polling = true;
        return true;
      }
    }
    return false;
  }

  private void stopPolling() {
    polling = false;
    pollers.decrementAndGet();
  }

  @Override
  public void initialize() {
    io.initialize();
  }

  @Override
  public void prepareToDestroy() {
    io.prepareToDestroy();
  }

  @Override
  public void destroy() {
    if (polling) {
      stopPolling();
    }
    io.destroy();
  }

  @Override
  public IoRegistration register(IoHandle handle) throws Exception {
    return io.register(handle);
  }

  @Override
  public void wakeup() {
    io.wakeup();
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return io.isCompatible(handleType);
  }

  /** The loop's context, but one that never lets the handler block. */
  private static final class NonBlocking implements IoHandlerContext {
    IoHandlerContext context;

    @Override
    public boolean canBlock() {
      return false;
    }

    @Override
    public long delayNanos(long currentTimeNanos) {
      return context.delayNanos(currentTimeNanos);
    }

    @Override
    public long deadlineNanos() {
      return context.deadlineNanos();
    }

    @Override
    public void reportActiveIoTime(long activeNanos) {
      context.reportActiveIoTime(activeNanos);
    }

    @Override
    public boolean shouldReportActiveIoTime() {
      return context.shouldReportActiveIoTime();
    }
  }
}
