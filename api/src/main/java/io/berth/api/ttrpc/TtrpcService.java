package io.berth.api.ttrpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.util.HashMap;
import java.util.Map;

/**
 * One ttrpc service: its full name (e.g. {@code containerd.task.v2.Task}) and its methods, each
 * a parser for the request and a handler. A handler's exception becomes the call's status: a
 * {@link TtrpcException}'s code, a Berth error's code, UNKNOWN otherwise; the message is the
 * exception's.
 */
public final class TtrpcService {
  private final String name;
  private final Map<String, Method<?>> methods = new HashMap<>();

  /** Answers one call. */
  @FunctionalInterface
  public interface Handler<Q> {
    MessageLite call(Q request, CallContext context) throws Exception;
  }

  private record Method<Q>(Parser<Q> parser, Handler<Q> handler) {
    MessageLite call(ByteString payload, CallContext context) throws Exception {
      Q request;
      try {
        request = parser.parseFrom(payload);
      } catch (InvalidProtocolBufferException e) {
        throw TtrpcException.answered(io.berth.api.errors.StatusCodes.INVALID_ARGUMENT,
            "cannot decode the request of " + context.method() + ": " + e.getMessage());
      }
      return handler.call(request, context);
    }
  }

  public TtrpcService(String name) {
    this.name = name;
  }

  /** Adds method {@code method} (e.g. {@code Create}); returns this service. */
  public <Q> TtrpcService method(String method, Parser<Q> parser, Handler<Q> handler) {
    if (methods.putIfAbsent(method, new Method<>(parser, handler)) != null) {
      throw new IllegalArgumentException("method " + name + "/" + method + " added twice");
    }
    return this;
  }

  public String name() {
    return name;
  }

  /** Whether this service has {@code method}. */
  boolean has(String method) {
    return methods.containsKey(method);
  }

  MessageLite call(String method, ByteString payload, CallContext context) throws Exception {
    return methods.get(method).call(payload, context);
  }
}
