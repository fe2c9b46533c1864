package io.berth.daemon.server;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.GrpcErrors;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.lang.System.Logger.Level;

/**
 * The one place where a failed call gets its status. Services (and the interceptors inside this
 * one) simply throw, or pass an exception to {@code onError}; here it becomes the status {@link
 * GrpcErrors#toStatus} gives: Berth errors keep their class and containerd's message, anything
 * else is logged with its stack trace and answered as UNKNOWN with its message.
 *
 * <p>Installed once, outermost, on the server builder.
 */
public final class StatusInterceptor implements ServerInterceptor {

  private static final System.Logger LOG = System.getLogger(StatusInterceptor.class.getName());

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    GuardedCall<Q, R> guarded = new GuardedCall<>(call);
    ServerCall.Listener<Q> listener;
    try {
      listener = next.startCall(guarded, headers);
    } catch (RuntimeException e) {
      guarded.fail(e);
      return new ServerCall.Listener<>() {};
    }
    return new GuardedListener<>(listener, guarded);
  }

  /** The status a failure gets on the wire; logs failures that are not Berth errors. */
  static Status statusOf(Throwable error, String method) {
    if (!(error instanceof BerthException)
        && !(error instanceof StatusRuntimeException)
        && !(error instanceof StatusException)) {
      LOG.log(Level.ERROR, "unexpected error in " + method + ": " + error, error);
    }
    return GrpcErrors.toStatus(error).getStatus();
  }

  /**
   * Closes the call with the status of a thrown exception, at most once, and rewrites the bare
   * UNKNOWN status grpc-java makes of an exception passed to {@code onError}.
   */
  private static final class GuardedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private boolean closed;

    GuardedCall(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (closed) {
        throw new IllegalStateException("call already closed");
      }
      closed = true;
      Status sent = status;
      Throwable cause = status.getCause();
      if (status.getCode() == Status.Code.UNKNOWN && status.getDescription() == null
          && cause != null) {
        sent = statusOf(cause, fullMethodName());
      }
      super.close(sent, trailers);
    }

    synchronized void fail(Throwable error) {
      if (closed) {
        LOG.log(Level.DEBUG, "error after " + fullMethodName() + " was closed: " + error);
        return;
      }
      close(statusOf(error, fullMethodName()), new Metadata());
    }

    private String fullMethodName() {
      return getMethodDescriptor().getFullMethodName();
    }
  }

  private static final class GuardedListener<Q> extends SimpleForwardingServerCallListener<Q> {
    private final GuardedCall<Q, ?> call;

    GuardedListener(ServerCall.Listener<Q> delegate, GuardedCall<Q, ?> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(Q message) {
      try {
        super.onMessage(message);
      } catch (RuntimeException e) {
        call.fail(e);
      }
    }

    @Override
    public void onHalfClose() {
      try {
        super.onHalfClose();
      } catch (RuntimeException e) {
        call.fail(e);
      }
    }

    @Override
    public void onCancel() {
      try {
        super.onCancel();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "error cancelling " + call.fullMethodName() + ": " + e, e);
      }
    }

    @Override
    public void onComplete() {
      try {
        super.onComplete();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "error completing " + call.fullMethodName() + ": " + e, e);
      }
    }

    @Override
    public void onReady() {
      try {
        super.onReady();
      } catch (RuntimeException e) {
        call.fail(e);
      }
    }
  }
}
