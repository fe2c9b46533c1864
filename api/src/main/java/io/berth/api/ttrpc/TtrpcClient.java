package io.berth.api.ttrpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.berth.api.errors.StatusCodes;
import io.berth.api.ttrpc.wire.KeyValue;
import io.berth.api.ttrpc.wire.Request;
import io.berth.api.ttrpc.wire.Response;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ttrpc connection to a server on a unix socket. Calls may be made from many threads at
 * once; each takes the next odd stream id, and a virtual thread reads the responses and hands
 * each to its caller. Every failure is a {@link TtrpcException}; once the connection is lost,
 * every call fails UNAVAILABLE ({@link TtrpcException#unreachable()}) and a new client is needed.
 */
public final class TtrpcClient implements AutoCloseable {
  private final Path socket;
  private final FrameChannel frames;
  private final Map<Integer, CompletableFuture<ByteString>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);
  private volatile TtrpcException broken;

  private TtrpcClient(Path socket, SocketChannel channel) {
    this.socket = socket;
    this.frames = new FrameChannel(channel);
    Thread.ofVirtual().name("ttrpc-client").start(this::read);
  }

  /**
   * Connects to the server on {@code socket}.
   *
   * @throws TtrpcException UNAVAILABLE if nobody listens there
   */
  public static TtrpcClient connect(Path socket) {
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      return new TtrpcClient(socket, ch);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the connection was never made
        }
      }
      throw TtrpcException.local(StatusCodes.UNAVAILABLE, "cannot connect to " + socket + ": " + e.getMessage(), e);
    }
  }

  /**
   * Calls {@code service/method} with {@code request} and waits up to {@code timeout} (null: no
   * limit) for its response, decoded with {@code parser}.
   *
   * @param metadata sent with the call, e.g. {@code containerd-namespace}
   * @throws TtrpcException the status the server answered, or one raised here: UNAVAILABLE if
   *     the connection is lost, DEADLINE_EXCEEDED after {@code timeout}, CANCELLED if interrupted,
   *     RESOURCE_EXHAUSTED for a request over 4 MiB (not sent)
   */
  public <R> R call(String service, String method, MessageLite request, Parser<R> parser, Duration timeout,
      Map<String, String> metadata) {
    Request.Builder r = Request.newBuilder().setService(service).setMethod(method)
        .setPayload(request.toByteString()).setTimeoutNano(timeout == null ? 0 : timeout.toNanos());
    metadata.forEach((k, v) -> r.addMetadata(KeyValue.newBuilder().setKey(k).setValue(v)));
    byte[] bytes = r.build().toByteArray();
    String name = service + "/" + method;
    if (bytes.length > FrameChannel.MAX_PAYLOAD) {
      throw TtrpcException.local(StatusCodes.RESOURCE_EXHAUSTED, name + ": message length " + bytes.length
          + " exceeds the maximum message size of " + FrameChannel.MAX_PAYLOAD, null);
    }
    int id = nextId.getAndAdd(2);
    CompletableFuture<ByteString> answer = new CompletableFuture<>();
    pending.put(id, answer);
    TtrpcException lost = broken;
    if (lost != null) {
      pending.remove(id);
      throw copy(lost, name);
    }
    try {
      frames.write(id, Frame.REQUEST, bytes);
    } catch (IOException e) {
      fail(TtrpcException.local(StatusCodes.UNAVAILABLE, "connection to " + socket + " lost: " + e.getMessage(), e));
    }
    ByteString payload;
    try {
      payload = timeout == null ? answer.get() : answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.remove(id);
      throw TtrpcException.local(StatusCodes.DEADLINE_EXCEEDED, name + ": no answer within " + timeout, e);
    } catch (InterruptedException e) {
      pending.remove(id);
      Thread.currentThread().interrupt();
      throw TtrpcException.local(StatusCodes.CANCELLED, name + " interrupted", e);
    } catch (ExecutionException e) {
      throw copy((TtrpcException) e.getCause(), null);
    }
    try {
      return parser.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw TtrpcException.local(StatusCodes.INTERNAL, "cannot decode the response of " + name + ": "
          + e.getMessage(), e);
    }
  }

  /** The same error thrown again on the caller's thread, its message prefixed by {@code call} if given. */
  private static TtrpcException copy(TtrpcException e, String call) {
    String status = call == null ? e.status() : call + ": " + e.status();
    return new TtrpcException(e.code(), status, e.local(), e);
  }

  private void read() {
    try {
      for (Frame f = frames.read(); f != null; f = frames.read()) {
        if (f.type() != Frame.RESPONSE) {
          continue;
        }
        CompletableFuture<ByteString> answer = pending.remove(f.streamId());
        if (answer == null) {
          continue; // its caller stopped waiting
        }
        if (f.oversize()) {
          answer.completeExceptionally(TtrpcException.local(StatusCodes.RESOURCE_EXHAUSTED, "response length "
              + f.length() + " exceeds the maximum message size of " + FrameChannel.MAX_PAYLOAD, null));
          continue;
        }
        try {
          Response r = Response.parseFrom(f.payload());
          if (r.getStatus().getCode() != StatusCodes.OK) {
            answer.completeExceptionally(TtrpcException.answered(r.getStatus().getCode(), r.getStatus().getMessage()));
          } else {
            answer.complete(r.getPayload());
          }
        } catch (InvalidProtocolBufferException e) {
          answer.completeExceptionally(TtrpcException.local(StatusCodes.INTERNAL, "cannot decode a response: "
              + e.getMessage(), e));
        }
      }
      fail(TtrpcException.local(StatusCodes.UNAVAILABLE, "connection to " + socket + " closed by the server", null));
    } catch (IOException e) {
      fail(TtrpcException.local(StatusCodes.UNAVAILABLE, "connection to " + socket + " lost: " + e.getMessage(), e));
    }
  }

  /** Marks the connection lost (the first reason stays) and fails every call waiting. */
  private void fail(TtrpcException reason) {
    synchronized (this) {
      if (broken == null) {
        broken = reason;
      }
    }
    try {
      frames.close();
    } catch (IOException ignored) {
      // lost already
    }
    for (Integer id : pending.keySet()) {
      CompletableFuture<ByteString> answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(broken);
      }
    }
  }

  /** Whether the connection still stands. */
  public boolean isOpen() {
    return broken == null;
  }

  /** Closes the connection; calls waiting fail UNAVAILABLE. */
  @Override
  public void close() {
    fail(TtrpcException.local(StatusCodes.UNAVAILABLE, "connection to " + socket + " closed", null));
  }
}
