package io.berth.api.client;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.InternalMetadata;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What the unary calls of {@link DirectChannel} and {@link DirectLoop}'s channels share: the request
 * is held until {@link #halfClose()}, which each sends in its own way; the request's HTTP/2 headers
 * and the answer's decoding into headers, message, status and trailers are the same for both.
 */
abstract class UnaryCall<Q, R> extends ClientCall<Q, R> {

  final MethodDescriptor<Q, R> method;
  final CallOptions options;
  private final String authority;
  private Listener<R> listener;
  private Metadata headers;
  /** The request stream: one length-prefixed message. */
  byte[] request;
  /** Why the caller cancelled the call, or null. */
  volatile Status cancelled;

  UnaryCall(MethodDescriptor<Q, R> method, CallOptions options, String authority) {
    this.method = method;
    this.options = options;
    this.authority = authority;
  }

  @Override
  public void start(Listener<R> listener, Metadata headers) {
    this.listener = listener;
    this.headers = headers;
  }

  @Override
  public void request(int numMessages) {}

  @Override
  public void cancel(String message, Throwable cause) {
    if (cancelled == null) {
      cancelled = Status.CANCELLED.withDescription(message).withCause(cause);
    }
  }

  @Override
  public void sendMessage(Q message) {
    if (request != null) {
      cancel("a unary call sends one message", null);
      return;
    }
    try {
      request = frame(method.getRequestMarshaller(), message);
    } catch (IOException e) {
      cancel("cannot encode the request: " + e.getMessage(), e);
    }
  }

  /**
   * The length-prefixed, uncompressed frame of {@code message}. A protobuf message is written
   * straight into the frame; another marshaller's stream is read whole (reading a stream of
   * unknown length costs a 16 KiB buffer and a copy per call, a third of the encoding's time).
   */
  static <Q> byte[] frame(MethodDescriptor.Marshaller<Q> marshaller, Q message)
      throws IOException {
    if (message instanceof MessageLite m
        && marshaller instanceof MethodDescriptor.PrototypeMarshaller<?>) {
      int size = m.getSerializedSize();
      byte[] frame = new byte[5 + size];
      ByteBuffer.wrap(frame).putInt(1, size);
      CodedOutputStream out = CodedOutputStream.newInstance(frame, 5, size);
      m.writeTo(out);
      out.checkNoSpaceLeft();
      return frame;
    }
    try (InputStream in = marshaller.stream(message)) {
      byte[] m = in.readAllBytes();
      return ByteBuffer.allocate(5 + m.length).put((byte) 0).putInt(m.length).put(m).array();
    }
  }

  /**
   * Why the call cannot be sent as it stands (cancelled, not unary, no request, {@code deadline}
   * passed already), or null.
   */
  final Status refusal(Deadline deadline) {
    if (cancelled != null) {
      return cancelled;
    }
    if (method.getType() != MethodDescriptor.MethodType.UNARY) {
      return Status.UNIMPLEMENTED.withDescription(
          "DirectChannel makes unary calls only; " + method.getFullMethodName() + " is "
              + method.getType());
    }
    if (request == null) {
      return Status.INTERNAL.withDescription("no request message was sent");
    }
    if (deadline != null && deadline.isExpired()) {
      return expiredBeforeSent();
    }
    return null;
  }

  /**
   * When {@code deadline} passes on System.nanoTime's clock, or {@link Http2Connection#NO_DEADLINE}
   * for none.
   */
  static long deadlineNanos(Deadline deadline) {
    return deadline == null ? Http2Connection.NO_DEADLINE
        : System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
  }

  /** The call's deadline: the earlier of its options' and its context's, or null. */
  final Deadline deadline() {
    return earliest(options.getDeadline(), Context.current().getDeadline());
  }

  /** Hands the outcome to the listener, through the call's executor if it has one. */
  final void deliver(Outcome<R> o) {
    Executor executor = options.getExecutor() != null ? options.getExecutor() : Runnable::run;
    executor.execute(() -> {
      if (o.headers != null) {
        listener.onHeaders(o.headers);
      }
      if (o.response != null) {
        listener.onMessage(o.response);
      }
      listener.onClose(o.status, o.trailers);
    });
  }

  record Outcome<R>(Metadata headers, R response, Status status, Metadata trailers) {
    static <R> Outcome<R> failed(Status s) {
      return new Outcome<>(null, null, s, new Metadata());
    }
  }

  final Status expiredBeforeSent() {
    return Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded before "
        + method.getFullMethodName() + " was sent");
  }

  final Status expiredWaiting() {
    return Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded while "
        + method.getFullMethodName() + " waited for its connection");
  }

  final Status lost(IOException e) {
    return Status.UNAVAILABLE.withDescription(
        "connection lost during " + method.getFullMethodName() + ": " + e.getMessage())
        .withCause(e);
  }

  final Status expired() {
    return Status.DEADLINE_EXCEEDED.withDescription(
        "deadline exceeded after " + method.getFullMethodName() + " was sent");
  }

  private static Deadline earliest(Deadline a, Deadline b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.minimum(b);
  }

  final Http2Headers requestHeaders(Deadline deadline) {
    Http2Headers h = new DefaultHttp2Headers(false)
        .method(POST)
        .scheme(HTTP)
        .path("/" + method.getFullMethodName())
        .authority(authority);
    h.add(CONTENT_TYPE, APPLICATION_GRPC);
    h.add(TE, TRAILERS);
    if (deadline != null) {
      h.add(GRPC_TIMEOUT, timeout(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
    }
    // the caller's metadata in its serialized form, as grpc-java's own transport reads it: no
    // key is made (and its name checked) per header per call
    byte[][] namesAndValues = InternalMetadata.serialize(headers);
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      AsciiString name = new AsciiString(namesAndValues[i], false);
      byte[] value = namesAndValues[i + 1];
      h.add(name, name.endsWith(Metadata.BINARY_HEADER_SUFFIX)
          ? new AsciiString(Base64.getEncoder().withoutPadding().encode(value), false)
          : new AsciiString(value, false));
    }
    return h;
  }

  private static final AsciiString POST = AsciiString.cached("POST");
  private static final AsciiString HTTP = AsciiString.cached("http");
  private static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
  private static final AsciiString APPLICATION_GRPC = AsciiString.cached("application/grpc");
  private static final AsciiString TE = AsciiString.cached("te");
  private static final AsciiString TRAILERS = AsciiString.cached("trailers");
  private static final AsciiString GRPC_TIMEOUT = AsciiString.cached("grpc-timeout");

  /** gRPC's grpc-timeout value: at most eight digits and a unit. */
  static String timeout(long nanos) {
    long n = Math.max(nanos, 1);
    if (n < 100_000_000L) {
      return n + "n";
    }
    long[] per = {1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
    String[] unit = {"u", "m", "S", "M", "H"};
    for (int i = 0; i < per.length; i++) {
      long v = n / per[i];
      if (v < 100_000_000L) {
        return v + unit[i];
      }
    }
    return "99999999H";
  }

  final Outcome<R> answer(Http2Connection.Exchange e) {
    Http2Headers end = e.trailers();
    if (end == null) {
      return Outcome.failed(Status.INTERNAL.withDescription("the stream ended without trailers"));
    }
    CharSequence code = end.get("grpc-status");
    if (code == null) {
      CharSequence http = e.headers() != null ? e.headers().status() : end.status();
      return Outcome.failed(Status.UNKNOWN.withDescription(
          "no grpc-status in the answer (HTTP status " + http + ")"));
    }
    Status status;
    try {
      status = Status.fromCodeValue(Integer.parseInt(code.toString()));
    } catch (NumberFormatException ex) {
      return Outcome.failed(Status.UNKNOWN.withDescription("bad grpc-status " + code));
    }
    CharSequence message = end.get("grpc-message");
    if (message != null) {
      status = status.withDescription(percentDecoded(message.toString()));
    }
    Metadata trailers = metadata(end);
    Metadata headers = e.headers() == null ? null : metadata(e.headers());
    if (!status.isOk()) {
      return new Outcome<>(headers, null, status, trailers);
    }
    byte[] data = e.data();
    if (data.length < 5) {
      return Outcome.failed(Status.INTERNAL.withDescription(
          "no response message for unary call " + method.getFullMethodName()));
    }
    int length = ByteBuffer.wrap(data, 1, 4).getInt();
    if (data[0] != 0) {
      return Outcome.failed(Status.INTERNAL.withDescription(
          "compressed response, though no compression was offered"));
    }
    if (length > BerthClient.MAX_MESSAGE_SIZE) {
      return Outcome.failed(Status.RESOURCE_EXHAUSTED.withDescription(
          "response message of " + length + " bytes exceeds " + BerthClient.MAX_MESSAGE_SIZE));
    }
    if (data.length != 5 + length) {
      return Outcome.failed(Status.INTERNAL.withDescription(
          "a unary call answered " + data.length + " bytes of messages, not one message"));
    }
    R response;
    try {
      response = parse(data, length);
    } catch (RuntimeException | InvalidProtocolBufferException ex) {
      return Outcome.failed(Status.INTERNAL.withDescription("cannot parse the response: " + ex)
          .withCause(ex));
    }
    return new Outcome<>(headers, response, status, trailers);
  }

  /**
   * The response in {@code data[5, 5 + length)}: a protobuf message straight from the array
   * (the fastest of protobuf's parsers), anything else through its marshaller.
   */
  @SuppressWarnings("unchecked")
  private R parse(byte[] data, int length) throws InvalidProtocolBufferException {
    if (method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<R> p
        && p.getMessagePrototype() instanceof MessageLite prototype) {
      return (R) prototype.getParserForType().parseFrom(data, 5, length);
    }
    return method.getResponseMarshaller().parse(new ByteArrayInputStream(data, 5, length));
  }

  /**
   * The headers as Metadata in its serialized form, as grpc-java's own transport hands them over:
   * nothing is parsed until a key is asked for (a blocking stub asks for none of a successful
   * call's), where building keys and values for every header cost each call about a microsecond.
   */
  private static Metadata metadata(Http2Headers h) {
    byte[][] namesAndValues = new byte[2 * h.size()][];
    int n = 0;
    for (var entry : h) {
      CharSequence name = entry.getKey();
      if (name.length() > 0 && name.charAt(0) == ':') {
        continue;
      }
      byte[] value = ascii(entry.getValue());
      if (AsciiString.of(name).endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        try {
          value = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
          continue; // an undecodable binary header is dropped, as grpc-java does
        }
      }
      namesAndValues[n++] = ascii(name);
      namesAndValues[n++] = value;
    }
    return InternalMetadata.newMetadata(
        n == namesAndValues.length ? namesAndValues : Arrays.copyOf(namesAndValues, n));
  }

  private static byte[] ascii(CharSequence s) {
    return s instanceof AsciiString a ? a.toByteArray() : AsciiString.of(s).toByteArray();
  }

  /** grpc-message is percent-encoded UTF-8. */
  static String percentDecoded(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      out.write(ch);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
