package io.berth.api.client;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread that drives the connections of many channels from one selector, as Go's runtime
 * drives every goroutine's socket from one poller: a caller with many calls in flight (many
 * clients of one process, say) pays for one epoll_wait per batch of ready answers instead of a
 * thread wake-up per answer. Each channel ({@link #connect}) has its own HTTP/2 connection and
 * carries one unary call at a time; its other calls wait their turn in order. Streaming methods
 * are refused (UNIMPLEMENTED), as on {@link DirectChannel}.
 *
 * <p>A call's listener is called on the loop's thread, unless the call has an executor (a blocking
 * stub's has), so a listener must not block; it may start the next call at once. A lost
 * connection fails the call it was carrying (UNAVAILABLE) and is made again for the next one; a
 * call whose deadline passes, or that is cancelled, while the server works on it resets its
 * stream and leaves the connection to the next call.
 */
public final class DirectLoop implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DirectLoop.class.getName());

  private final Selector selector;
  private final Thread thread;
  /** Work handed to the loop: by other threads (which wake it), and by itself (which need not). */
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  /** Guards {@link #stopped}, so that no task is queued after the loop's last look at its queue. */
  private final Object lifecycle = new Object();
  private boolean stopped;
  private volatile boolean closing;
  /** The channels made on this loop and not shut down; the loop's thread only. */
  private final List<LoopChannel> channels = new ArrayList<>();

  private DirectLoop(String name) throws IOException {
    this.selector = Selector.open();
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
  }

  /** Starts a loop on a new daemon thread called {@code name}. */
  public static DirectLoop start(String name) {
    DirectLoop loop;
    try {
      loop = new DirectLoop(Objects.requireNonNull(name, "name"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    loop.thread.start();
    return loop;
  }

  /**
   * A channel to the server on {@code socket} over a connection of its own, driven by this loop;
   * connecting waits for the first call.
   */
  public ManagedChannel connect(Path socket) {
    LoopChannel channel = new LoopChannel(this, Objects.requireNonNull(socket, "socket"));
    if (!execute(() -> channels.add(channel))) {
      channel.shutdown();
    }
    return channel;
  }

  Selector selector() {
    return selector;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * Runs {@code task} on the loop's thread, after what is queued; false (and the task is dropped)
   * if the loop has stopped.
   */
  boolean execute(Runnable task) {
    if (inLoop()) {
      tasks.add(task); // run before the loop waits again
      return true;
    }
    synchronized (lifecycle) {
      if (stopped) {
        return false;
      }
      tasks.add(task);
    }
    if (wakeupPending.compareAndSet(false, true)) {
      selector.wakeup();
    }
    return true;
  }

  /** A channel shut down leaves the loop's list. */
  void forget(LoopChannel channel) {
    channels.remove(channel);
  }

  private void run() {
    try {
      // the nearest deadline of every call, as of the last pass over the channels; a call begun
      // since then was begun by a task, and the loop waits only once the tasks have run
      long nearest = Http2Connection.NO_DEADLINE;
      while (!closing) {
        wakeupPending.set(false);
        if (!tasks.isEmpty()) {
          selector.selectNow(key -> ((LoopChannel) key.attachment()).ready(key.readyOps()));
        } else {
          selector.select(key -> ((LoopChannel) key.attachment()).ready(key.readyOps()),
              waitMillis(nearest));
        }
        runTasks();
        long now = System.nanoTime();
        nearest = Http2Connection.NO_DEADLINE;
        for (int i = 0; i < channels.size(); i++) {
          nearest = Math.min(nearest, channels.get(i).expire(now));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "direct loop " + thread.getName() + " failed", e);
    } finally {
      synchronized (lifecycle) {
        stopped = true;
      }
      runTasks();
      for (LoopChannel c : List.copyOf(channels)) {
        c.stop("the channel's loop has stopped");
      }
      channels.clear();
      try {
        selector.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the loop's selector failed", e);
      }
    }
  }

  private void runTasks() {
    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
      try {
        task.run();
      } catch (RuntimeException e) {
        // a listener's failure is its caller's; the loop carries on with everyone else's calls
        LOG.log(System.Logger.Level.WARNING, "a call's listener failed on " + thread.getName(), e);
      }
    }
  }

  /** How long the loop may wait for the sockets: until {@code nearest} (0: no limit). */
  private static long waitMillis(long nearest) {
    if (nearest == Http2Connection.NO_DEADLINE) {
      return 0;
    }
    long left = nearest - System.nanoTime();
    return left <= 0 ? 1 : TimeUnit.NANOSECONDS.toMillis(left + 999_999);
  }

  /**
   * Stops the loop: every call still in flight or waiting fails UNAVAILABLE, every connection is
   * closed, and the thread ends (waited for, unless called from the loop itself).
   */
  @Override
  public void close() {
    closing = true;
    selector.wakeup();
    if (!inLoop()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
