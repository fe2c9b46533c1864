package io.berth.daemon.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.berth.api.errors.InvalidArgumentException;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;

/**
 * Moves the decoding of request messages into the interceptor chain, so that a request body
 * that is not an encoding of the request message is answered INVALID_ARGUMENT {@code error
 * unmarshalling request: <why>} by the {@link StatusInterceptor}. Left to itself, grpc-java
 * decodes before any interceptor runs and answers a bare UNKNOWN "Application error processing
 * RPC" (grpc-go, and so containerd, answers INTERNAL).
 *
 * <p>Messages pass through as the streams the transport and the generated marshallers already
 * use: nothing is copied or encoded twice.
 */
public final class RequestDecoding {

  private RequestDecoding() {}

  private static final MethodDescriptor.Marshaller<InputStream> PASS_THROUGH =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
          return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
          return stream;
        }
      };

  /** {@code service} with its requests decoded inside the interceptors of the server. */
  public static ServerServiceDefinition inChain(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(
        ServerInterceptors.useMarshalledMessages(service, PASS_THROUGH), new DecodeFailures());
  }

  /** Turns a decoding failure into InvalidArgument and ignores the rest of that call's input. */
  private static final class DecodeFailures implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        private boolean failed;

        @Override
        public void onMessage(Q message) {
          if (failed) {
            return;
          }
          try {
            super.onMessage(message);
          } catch (StatusRuntimeException e) {
            if (e.getCause() instanceof InvalidProtocolBufferException bad) {
              failed = true;
              throw new InvalidArgumentException("error unmarshalling request: "
                  + bad.getMessage(), e);
            }
            throw e;
          }
        }

        @Override
        public void onHalfClose() {
          if (!failed) {
            super.onHalfClose();
          }
        }
      };
    }
  }
}
