package io.berth.api.client;

import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.TimeUnit;

/**
 * One unary call of a {@link DirectChannel}: {@link #halfClose()} makes the whole exchange on the
 * calling thread and then hands the listener its callbacks through the call's executor (for a
 * blocking stub, the caller's own queue).
 */
final class DirectCall<Q, R> extends UnaryCall<Q, R> {

  private final DirectChannel channel;

  DirectCall(DirectChannel channel, MethodDescriptor<Q, R> method, CallOptions options) {
    super(method, options, channel.authority());
    this.channel = channel;
  }

  @Override
  public void halfClose() {
    deliver(exchange());
  }

  private Outcome<R> exchange() {
    Deadline deadline = deadline();
    Status refused = refusal(deadline);
    if (refused != null) {
      return Outcome.failed(refused);
    }
    Http2Connection c;
    try {
      c = channel.connection();
    } catch (StatusRuntimeException e) {
      return Outcome.failed(e.getStatus());
    }
    // wait for the connection's turn within the deadline; only the call holding the turn closes
    // the connection when its deadline passes
    try {
      if (deadline == null) {
        c.turn().lockInterruptibly();
      } else if (!c.turn().tryLock(deadline.timeRemaining(TimeUnit.NANOSECONDS),
          TimeUnit.NANOSECONDS)) {
        return Outcome.failed(expiredWaiting());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed(Status.CANCELLED.withDescription("interrupted").withCause(e));
    }
    try {
      return answer(c.exchange(requestHeaders(deadline), request, deadlineNanos(deadline)));
    } catch (Http2Connection.StreamFailure e) {
      // a server enforcing the same deadline resets the stream (CANCEL), maybe before we notice
      return Outcome.failed(deadline != null && deadline.isExpired() ? expired() : e.status);
    } catch (Http2Connection.DeadlineReached e) {
      return Outcome.failed(expired());
    } catch (ClosedByInterruptException e) {
      return Outcome.failed(Status.CANCELLED.withDescription("interrupted").withCause(e));
    } catch (IOException e) {
      return Outcome.failed(deadline != null && deadline.isExpired() ? expired() : lost(e));
    } finally {
      c.turn().unlock();
    }
  }
}
