package io.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Empty;
import io.berth.api.errors.NotFoundException;
import io.berth.api.services.version.v1.VersionGrpc;
import io.berth.api.services.version.v1.VersionResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Undecodable request bodies and oversized messages, through the interceptors berthd installs. */
class RequestDecodingTest {

  private static final AtomicInteger CALLS = new AtomicInteger();

  /** Version, answering "v"; or NotFound with a huge message when asked for "big". */
  private static final ServerServiceDefinition VERSION = RequestDecoding.inChain(
      ServerServiceDefinition.builder(VersionGrpc.SERVICE_NAME)
          .addMethod(VersionGrpc.getVersionMethod(), ServerCalls.asyncUnaryCall((req, out) -> {
            CALLS.incrementAndGet();
            out.onNext(VersionResponse.newBuilder().setVersion("v").build());
            out.onCompleted();
          }))
          .build());

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
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

  private static Status rawCall(TestServer s, byte[] body) throws Exception {
    MethodDescriptor<byte[], byte[]> raw = VersionGrpc.getVersionMethod()
        .toBuilder(BYTES, BYTES).build();
    ClientCall<byte[], byte[]> call = s.channel.newCall(raw,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(body);
    call.halfClose();
    return closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void anUndecodableBodyIsInvalidArgumentAndTheServiceNeverRuns() throws Exception {
    try (TestServer s = new TestServer(VERSION)) {
      int before = CALLS.get();
      // field 1, wire type 1 (fixed64) with one byte instead of eight: truncated
      Status st = rawCall(s, new byte[] {0x09, 0x1f});
      assertThat(st.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(st.getDescription()).startsWith("error unmarshalling request: ")
          .endsWith(": invalid argument");
      assertThat(CALLS.get()).isEqualTo(before);
    }
  }

  @Test
  void decodableBodiesStillReachTheService() throws Exception {
    try (TestServer s = new TestServer(VERSION)) {
      assertThat(VersionGrpc.newBlockingStub(s.channel).version(Empty.getDefaultInstance())
          .getVersion()).isEqualTo("v");
      // unknown fields are skipped, as protobuf decoders do
      assertThat(rawCall(s, new byte[] {0x08, 0x01}).getCode()).isEqualTo(Status.Code.OK);
    }
  }

  @Test
  void hugeMessagesAreCutOnACharacterBoundary() throws Exception {
    String detail = "container \"" + "é".repeat(40_000) + "\"";
    ServerServiceDefinition failing = RequestDecoding.inChain(
        ServerServiceDefinition.builder(VersionGrpc.SERVICE_NAME)
            .addMethod(VersionGrpc.getVersionMethod(), ServerCalls.asyncUnaryCall((req, out) -> {
              throw new NotFoundException(detail);
            }))
            .build());
    try (TestServer s = new TestServer(failing)) {
      Status st = catchThrowableOfType(StatusRuntimeException.class,
          () -> VersionGrpc.newBlockingStub(s.channel).version(Empty.getDefaultInstance()))
          .getStatus();
      assertThat(st.getCode()).isEqualTo(Status.Code.NOT_FOUND);
      String d = st.getDescription();
      assertThat(d).startsWith("container \"éé")
          .endsWith("… (message truncated from "
              + (detail + ": not found").getBytes(StandardCharsets.UTF_8).length + " bytes)");
      String kept = d.substring(0, d.indexOf('…'));
      assertThat(kept.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(StatusInterceptor.MAX_DESCRIPTION_BYTES);
      assertThat(kept).doesNotContain("\uFFFD");
    }
  }

  @Test
  void shortMessagesAreUntouched() {
    Status s = Status.NOT_FOUND.withDescription("container \"x\": not found");
    assertThat(StatusInterceptor.bounded(s)).isSameAs(s);
    assertThat(StatusInterceptor.bounded(Status.OK)).isSameAs(Status.OK);
  }
}
