package io.berth.integration.hardening;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call of any RPC with an arbitrary byte string as its request body, sent with a byte-array
 * marshaller so that the client never checks or re-encodes it. Every call carries a deadline.
 */
final class RawCall {

  private RawCall() {}

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /**
   * How a call ended: closed with a status (OK included), or still streaming when we stopped
   * listening ({@code status} null).
   */
  record Outcome(Status status, int messages) {
    boolean open() {
      return status == null;
    }
  }

  /**
   * Sends {@code body} as the only request message of {@code method} and half-closes. A unary or
   * client-streaming call is awaited until it closes; the deadline ends it with
   * DEADLINE_EXCEEDED if the server never answers. A server stream that is still open after
   * {@code streamWaitMillis} counts as open and is cancelled.
   */
  static Outcome call(Channel channel, MethodDescriptor<?, ?> method, byte[] body,
      Metadata headers, long deadlineMillis, long streamWaitMillis) {
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(method.getType())
        .setFullMethodName(method.getFullMethodName())
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    ClientCall<byte[], byte[]> call = channel.newCall(raw,
        CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    int[] messages = {0};
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] message) {
        synchronized (messages) {
          messages[0]++;
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, headers);
    call.request(Integer.MAX_VALUE);
    call.sendMessage(body);
    call.halfClose();
    boolean serverStreams = method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING
        || method.getType() == MethodDescriptor.MethodType.BIDI_STREAMING;
    long wait = serverStreams ? streamWaitMillis : deadlineMillis + 5_000;
    try {
      Status s = closed.get(wait, TimeUnit.MILLISECONDS);
      synchronized (messages) {
        return new Outcome(s, messages[0]);
      }
    } catch (TimeoutException e) {
      if (!serverStreams) {
        call.cancel("no answer", null);
        return new Outcome(Status.DEADLINE_EXCEEDED.withDescription(
            "client gave up: no close " + wait + " ms after the deadline was set"), 0);
      }
      call.cancel("fuzz: enough", null);
      synchronized (messages) {
        return new Outcome(null, messages[0]);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel("interrupted", e);
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
