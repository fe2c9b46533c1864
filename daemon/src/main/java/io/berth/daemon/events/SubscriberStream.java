package io.berth.daemon.events;

import io.berth.api.services.events.v1.Envelope;
import io.berth.events.Subscription;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Copies one subscription to one Subscribe stream on a thread of its own. It sends only while
 * the transport is ready for more, so a client that does not read leaves the events in the
 * subscription's bounded queue, where the exchange notices the overflow and drops the
 * subscriber; the stream then ends with the subscription's UNAVAILABLE error.
 */
final class SubscriberStream {

  private final Subscription subscription;
  private final ServerCallStreamObserver<Envelope> call;
  private final Runnable onEnd;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readiness = lock.newCondition();
  private boolean cancelled;

  SubscriberStream(Subscription subscription, ServerCallStreamObserver<Envelope> call,
      Runnable onEnd) {
    this.subscription = subscription;
    this.call = call;
    this.onEnd = onEnd;
  }

  /** Hooks the stream to the call's cancellation and flow control; call from the handler. */
  void attach() {
    call.setOnCancelHandler(this::cancel);
    call.setOnReadyHandler(this::signal);
  }

  /** The delivery loop; runs until the subscription or the call ends. */
  void run() {
    try {
      while (true) {
        Envelope envelope = subscription.next();
        if (envelope == null || !awaitReady()) {
          break;
        }
        call.onNext(envelope);
      }
      if (!isCancelled()) {
        call.onCompleted();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finishWithError(e);
    } catch (RuntimeException e) {
      finishWithError(e);
    } finally {
      subscription.close();
      onEnd.run();
    }
  }

  private void finishWithError(Exception e) {
    if (!isCancelled()) {
      call.onError(e);
    }
  }

  /** Ends the stream normally (the daemon is stopping). */
  void end() {
    subscription.close();
  }

  private void cancel() {
    lock.lock();
    try {
      cancelled = true;
      readiness.signalAll();
    } finally {
      lock.unlock();
    }
    subscription.close();
  }

  private void signal() {
    lock.lock();
    try {
      readiness.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the transport takes more; false if the call was cancelled meanwhile. */
  private boolean awaitReady() throws InterruptedException {
    lock.lock();
    try {
      while (!cancelled && !call.isReady()) {
        readiness.await();
      }
      return !cancelled;
    } finally {
      lock.unlock();
    }
  }

  private boolean isCancelled() {
    lock.lock();
    try {
      return cancelled;
    } finally {
      lock.unlock();
    }
  }
}
