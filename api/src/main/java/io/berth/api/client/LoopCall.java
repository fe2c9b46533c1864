package io.berth.api.client;

import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * One unary call of a {@link DirectLoop}'s channel: {@link #halfClose()} queues it on its channel,
 * and the loop sends it, reads its answer and ends it.
 */
final class LoopCall<Q, R> extends UnaryCall<Q, R> {

  private static final System.Logger LOG = System.getLogger(LoopCall.class.getName());

  private final LoopChannel channel;
  private Deadline deadline;
  /** When the call must end (System.nanoTime), or {@link Http2Connection#NO_DEADLINE}. */
  long deadlineNanos = Http2Connection.NO_DEADLINE;
  private volatile boolean sent;
  /** Set once the listener has its outcome; the loop's thread only. */
  private boolean ended;

  LoopCall(LoopChannel channel, MethodDescriptor<Q, R> method, CallOptions options) {
    super(method, options, channel.authority());
    this.channel = channel;
  }

  @Override
  public void halfClose() {
    deadline = deadline();
    Status refused = refusal(deadline);
    if (refused != null) {
      deliver(Outcome.failed(refused));
      return;
    }
    deadlineNanos = deadlineNanos(deadline);
    sent = true;
    channel.submit(this);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    super.cancel(message, cause);
    if (sent) {
      channel.cancel(this, cancelled);
    }
  }

  /** Whether the call has a deadline and it has passed by {@code now} (System.nanoTime). */
  boolean expiredBy(long now) {
    return deadlineNanos != Http2Connection.NO_DEADLINE && deadlineNanos - now <= 0;
  }

  /** The request's headers, with the time left to its deadline as of now. */
  Http2Headers requestHeaders() {
    return requestHeaders(deadline);
  }

  /** Ends the call with the server's answer. */
  void finish(Http2Connection.Exchange answer) {
    if (!ended) {
      end(answer(answer));
    }
  }

  /** Ends the call with {@code status} and no answer. */
  void finish(Status status) {
    if (!ended) {
      end(Outcome.failed(status));
    }
  }

  private void end(Outcome<R> outcome) {
    ended = true;
    try {
      deliver(outcome);
    } catch (RuntimeException e) {
      // a listener's failure is its caller's; the loop carries on with everyone else's calls
      LOG.log(System.Logger.Level.WARNING, "the listener of " + method.getFullMethodName()
          + " failed", e);
    }
  }
}
