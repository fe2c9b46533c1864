package io.berth.events;

import io.berth.api.errors.UnavailableException;
import io.berth.api.filters.Filter;
import io.berth.api.services.events.v1.Envelope;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's bounded queue of envelopes. The exchange never waits for a subscriber: when
 * the queue is full the subscription is dropped, and once its consumer has taken what was queued
 * {@link #next()} throws an {@link UnavailableException} saying events were lost (a client
 * re-subscribes, as dockerd does on a stream error).
 */
public final class Subscription implements AutoCloseable {

  private final Filter filter;
  private final int capacity;
  private final Runnable onClose;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Envelope> queue = new ArrayDeque<>();
  private boolean closed;
  private boolean overflowed;

  Subscription(Filter filter, int capacity, Runnable onClose) {
    this.filter = filter;
    this.capacity = capacity;
    this.onClose = onClose;
  }

  Filter filter() {
    return filter;
  }

  /**
   * Queues an envelope without waiting; false when the queue is full, in which case the
   * subscription is marked as overflowed and takes nothing more.
   */
  boolean offer(Envelope envelope) {
    lock.lock();
    try {
      if (closed || overflowed) {
        return true;
      }
      if (queue.size() >= capacity) {
        overflowed = true;
        notEmpty.signalAll();
        return false;
      }
      queue.addLast(envelope);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next envelope, waiting for one; null once the subscription is closed (by
   * {@link #close()} or by the exchange closing).
   *
   * @throws UnavailableException when the subscriber fell behind and was dropped
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public Envelope next() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return null;
        }
        Envelope e = queue.pollFirst();
        if (e != null) {
          return e;
        }
        if (overflowed) {
          throw overflowError();
        }
        notEmpty.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #next()}, waiting at most the given time; null when nothing arrived in time or
   * the subscription is closed (see {@link #isClosed()}).
   */
  public Envelope next(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (true) {
        if (closed) {
          return null;
        }
        Envelope e = queue.pollFirst();
        if (e != null) {
          return e;
        }
        if (overflowed) {
          throw overflowError();
        }
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  private UnavailableException overflowError() {
    return new UnavailableException("event subscriber too slow: its queue of " + capacity
        + " events overflowed and later events were dropped; subscribe again");
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the subscription: a waiting {@link #next()} returns null. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    onClose.run();
  }
}
