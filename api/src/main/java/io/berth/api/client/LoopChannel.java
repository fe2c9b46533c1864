package io.berth.api.client;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A channel of a {@link DirectLoop}: one HTTP/2 connection, made when a call needs it, carrying
 * one call at a time while the others wait in order. Everything but {@link #newCall} and the
 * shutdown methods runs on the loop's thread.
 */
final class LoopChannel extends ManagedChannel {

  private final DirectLoop loop;
  private final Path socket;
  private Http2Connection connection;
  private SelectionKey key;
  private LoopCall<?, ?> current;
  private final ArrayDeque<LoopCall<?, ?>> waiting = new ArrayDeque<>();
  private volatile boolean shutdown;
  private final CountDownLatch terminated = new CountDownLatch(1);

  LoopChannel(DirectLoop loop, Path socket) {
    this.loop = loop;
    this.socket = socket;
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    return new LoopCall<>(this, method, options);
  }

  @Override
  public String authority() {
    return "localhost";
  }

  /** Queues {@code call}, which is sent when the calls before it have ended. */
  void submit(LoopCall<?, ?> call) {
    boolean queued = loop.execute(() -> {
      if (shutdown) {
        call.finish(Status.UNAVAILABLE.withDescription("channel shut down"));
        return;
      }
      waiting.add(call);
      next();
    });
    if (!queued) {
      call.finish(Status.UNAVAILABLE.withDescription("the channel's loop has stopped"));
    }
  }

  /** Ends {@code call} CANCELLED, resetting its stream if the server has it. */
  void cancel(LoopCall<?, ?> call, Status why) {
    loop.execute(() -> {
      if (call == current) {
        current = null;
        resetStream();
        call.finish(why);
        next();
      } else if (waiting.remove(call)) {
        call.finish(why);
      }
    });
  }

  /** Sends waiting calls while the connection is free. */
  private void next() {
    while (current == null && !waiting.isEmpty()) {
      LoopCall<?, ?> call = waiting.poll();
      if (call.cancelled != null) {
        call.finish(call.cancelled);
        continue;
      }
      if (call.expiredBy(System.nanoTime())) {
        call.finish(call.expiredBeforeSent());
        continue;
      }
      if (connection == null || !connection.usable()) {
        drop();
        try {
          connection = Http2Connection.open(socket);
          key = connection.channel().register(loop.selector(), SelectionKey.OP_READ, this);
        } catch (IOException e) {
          drop();
          call.finish(Status.UNAVAILABLE.withDescription("cannot connect to " + socket + ": " + e)
              .withCause(e));
          continue;
        }
      }
      try {
        connection.begin(call.requestHeaders(), call.request);
        current = call;
        interest();
      } catch (IOException e) {
        drop();
        call.finish(call.lost(e));
      } catch (IllegalArgumentException e) { // headers HPACK cannot encode
        drop();
        call.finish(Status.INTERNAL.withDescription(e.getMessage()).withCause(e));
      }
    }
  }

  /** The socket is ready for {@code ops}: writes what is queued, reads what has come. */
  void ready(int ops) {
    if (connection == null) {
      return;
    }
    try {
      if ((ops & SelectionKey.OP_WRITE) != 0) {
        connection.write();
      }
      if ((ops & SelectionKey.OP_READ) != 0 && connection.read()) {
        LoopCall<?, ?> call = current;
        current = null;
        try {
          call.finish(connection.finish());
        } catch (Http2Connection.StreamFailure e) {
          call.finish(e.status);
        }
      }
      if (!connection.usable() && current == null) {
        drop(); // the server is going away: the next call connects again
      } else {
        interest(); // also for a call the server still finishes after its GOAWAY
      }
    } catch (Http2Connection.StreamFailure e) {
      fail(e.status);
    } catch (IOException e) {
      LoopCall<?, ?> call = current;
      fail(call == null ? null : call.lost(e));
    }
    next();
  }

  /** Ends the call in flight with {@code status} (if there is one) and drops the connection. */
  private void fail(Status status) {
    LoopCall<?, ?> call = current;
    current = null;
    drop();
    if (call != null) {
      call.finish(status);
    }
  }

  /**
   * Ends the calls whose deadline has passed by {@code now}; returns the nearest deadline of the
   * calls left (System.nanoTime), or {@link Http2Connection#NO_DEADLINE}.
   */
  long expire(long now) {
    if (current != null && current.expiredBy(now)) {
      LoopCall<?, ?> call = current;
      current = null;
      resetStream();
      call.finish(call.expired());
    }
    long nearest = current == null ? Http2Connection.NO_DEADLINE : current.deadlineNanos;
    if (!waiting.isEmpty()) {
      for (Iterator<LoopCall<?, ?>> i = waiting.iterator(); i.hasNext(); ) {
        LoopCall<?, ?> call = i.next();
        if (call.expiredBy(now)) {
          i.remove();
          call.finish(call.expiredWaiting());
        } else {
          nearest = Math.min(nearest, call.deadlineNanos);
        }
      }
    }
    next();
    return nearest;
  }

  /** Tells the server to drop the stream of a call given up; the connection stays for the next. */
  private void resetStream() {
    try {
      connection.cancel();
      interest();
    } catch (IOException e) {
      drop();
    }
  }

  private void interest() {
    int ops = connection.writePending()
        ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  private void drop() {
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException e) {
        // closing a broken socket: nothing more to do
      }
      connection = null;
    }
  }

  /** Fails every call with UNAVAILABLE {@code why} and closes the connection, for good. */
  void stop(String why) {
    shutdown = true;
    Status status = Status.UNAVAILABLE.withDescription(why);
    fail(status);
    for (LoopCall<?, ?> call = waiting.poll(); call != null; call = waiting.poll()) {
      call.finish(status);
    }
    loop.forget(this);
    terminated.countDown();
  }

  @Override
  public ManagedChannel shutdown() {
    shutdown = true;
    if (!loop.execute(() -> stop("channel shut down"))) {
      terminated.countDown();
    }
    return this;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public ManagedChannel shutdownNow() {
    return shutdown();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }
}
