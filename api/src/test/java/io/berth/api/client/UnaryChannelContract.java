package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every channel of unary calls made on this side's own HTTP/2 connection must do, against
 * grpc-java's Netty server on a unix socket: {@link DirectChannelTest} runs it on a
 * {@link DirectChannel}, {@link DirectLoopTest} on a {@link DirectLoop}'s channel.
 */
abstract class UnaryChannelContract {

  /** A channel of the kind under test to the server on {@code socket}. */
  abstract ManagedChannel open(Path socket);

  @TempDir Path dir;

  @Test
  void manyCallsOnOneConnectionCarryTheirHeaders() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      for (int i = 0; i < 200; i++) {
        String ns = "ns" + (i % 3);
        var reply = client.withNamespace(ns).containers()
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .get(GetContainerRequest.newBuilder().setId("c" + i).build());
        assertThat(reply.getContainer().getId()).isEqualTo("c" + i);
        assertThat(server.headerValues(Headers.NAMESPACE)).containsExactly(ns);
      }
      assertThat(client.stubs().version().version(Empty.getDefaultInstance()).getVersion())
          .isEqualTo("test");
      assertThat(server.headerValues(Headers.NAMESPACE)).isEmpty();
    }
  }

  @Test
  void answersHandTheirHeadersAndTrailersToTheCaller() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      AtomicReference<Metadata> headers = new AtomicReference<>();
      AtomicReference<Metadata> trailers = new AtomicReference<>();
      var containers = client.withNamespace("n").containers()
          .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
      containers.get(GetContainerRequest.newBuilder().setId("c").build());
      assertThat(headers.get().get(RecordingServer.ANSWER_HEADER)).isEqualTo("head");
      assertThat(trailers.get().get(RecordingServer.NOTE_TRAILER)).isEqualTo("done");
      assertThat(trailers.get().get(RecordingServer.BINARY_TRAILER))
          .isEqualTo(RecordingServer.BINARY_VALUE);
      assertThat(trailers.get().keys()).noneMatch(k -> k.startsWith(":"));

      trailers.set(null);
      assertThatThrownBy(() -> containers.update(UpdateContainerRequest.getDefaultInstance()))
          .isInstanceOf(StatusRuntimeException.class);
      assertThat(trailers.get().get(RecordingServer.NOTE_TRAILER)).isEqualTo("done");
      assertThat(trailers.get().get(RecordingServer.BINARY_TRAILER))
          .isEqualTo(RecordingServer.BINARY_VALUE);
    }
  }

  @Test
  void theCallersMetadataReachesTheServerBinaryValuesToo() throws Exception {
    Path socket = dir.resolve("s.sock");
    Metadata.Key<String> text = Metadata.Key.of("x-text", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<byte[]> binary = Metadata.Key.of("x-data-bin", Metadata.BINARY_BYTE_MARSHALLER);
    Metadata extra = new Metadata();
    extra.put(text, "one");
    extra.put(text, "two");
    extra.put(binary, RecordingServer.BINARY_VALUE);
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      client.withNamespace("n").containers()
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(extra))
          .get(GetContainerRequest.newBuilder().setId("c").build());
      Metadata got = server.lastHeaders.get();
      assertThat(got.getAll(text)).containsExactly("one", "two");
      assertThat(got.get(binary)).isEqualTo(RecordingServer.BINARY_VALUE);
      assertThat(got.get(Headers.NAMESPACE_KEY)).isEqualTo("n");
    }
  }

  @Test
  void aCallInProgressWhenTheServerGoesAwayStillGetsItsAnswer() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.withNamespace("n")
          .containers().withDeadlineAfter(10, TimeUnit.SECONDS)
          .delete(DeleteContainerRequest.newBuilder().setId("500").build()));
      Thread.sleep(200); // the server works on the call
      server.shutdown();
      assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(Empty.getDefaultInstance());
    }
  }

  @Test
  void answersLargerThanEveryDefaultWindowArriveWhole() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      for (int size : new int[] {10, 70_000, 5_000_000, 12_000_000, 100}) {
        var list = client.withNamespace("n").containers()
            .list(ListContainersRequest.newBuilder().addFilters(Integer.toString(size)).build());
        assertThat(list.getContainers(0).getExtensionsOrThrow("blob").getValue().size())
            .isEqualTo(size);
      }
    }
  }

  @Test
  void anAnswerOverTheMessageLimitIsRefusedAndTheNextCallConnectsAgain() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      var containers = client.withNamespace("n").containers();
      assertThatThrownBy(() -> containers.list(ListContainersRequest.newBuilder()
          .addFilters(Integer.toString(BerthClient.MAX_MESSAGE_SIZE + 1)).build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
      assertThat(containers.get(GetContainerRequest.newBuilder().setId("next").build())
          .getContainer().getId()).isEqualTo("next");
    }
  }

  @Test
  void errorsKeepTheirCodeAndMessage() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> client.withNamespace("n").containers()
            .update(UpdateContainerRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(RecordingServer.NOT_FOUND_MESSAGE);
            });
      }
      // the connection is still good after error answers
      assertThat(client.withNamespace("n").containers()
          .get(GetContainerRequest.newBuilder().setId("after").build()).getContainer().getId())
          .isEqualTo("after");
    }
  }

  @Test
  void aDeadlineEndsTheWaitAndTheNextCallConnectsAgain() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.withNamespace("n").containers()
          .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
          .delete(DeleteContainerRequest.newBuilder().setId("3000").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
      assertThat(client.withNamespace("n").containers()
          .delete(DeleteContainerRequest.newBuilder().setId("1").build()))
          .isEqualTo(Empty.getDefaultInstance());
    }
  }

  @Test
  void aDeadlinePassedWaitingForTheConnectionLeavesTheCallUsingItAlone() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.withNamespace("n")
          .containers().delete(DeleteContainerRequest.newBuilder().setId("1500").build()));
      Thread.sleep(300); // the slow call holds the connection
      assertThatThrownBy(() -> client.withNamespace("n").containers()
          .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
          .delete(DeleteContainerRequest.newBuilder().setId("1").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
      assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(Empty.getDefaultInstance());
    }
  }

  @Test
  void anInterruptedCallEndsCancelledAndTheNextCallConnectsAgain() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      var failure = new java.util.concurrent.CompletableFuture<Throwable>();
      Thread caller = Thread.ofPlatform().start(() -> {
        try {
          client.withNamespace("n").containers()
              .delete(DeleteContainerRequest.newBuilder().setId("3000").build());
          failure.complete(null);
        } catch (Throwable t) {
          failure.complete(t);
        }
      });
      Thread.sleep(300); // the call waits for the server
      long start = System.nanoTime();
      caller.interrupt();
      assertThat(failure.get(2, TimeUnit.SECONDS)).isInstanceOfSatisfying(
          StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(client.withNamespace("n").containers()
          .get(GetContainerRequest.newBuilder().setId("after").build()).getContainer().getId())
          .isEqualTo("after");
    }
  }

  @Test
  void aRequestLargerThanTheSocketBufferIsSentWhole() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      String id = "x".repeat(3_000_000);
      assertThat(client.withNamespace("n").containers().withDeadlineAfter(10, TimeUnit.SECONDS)
          .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer().getId())
          .isEqualTo(id);
    }
  }

  @Test
  void streamsAreRefusedAndAMissingServerIsUnavailable() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (BerthClient client = BerthClient.over(open(socket))) {
      assertThatThrownBy(() -> client.stubs().version().version(Empty.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains(socket.toString());
          });
      try (RecordingServer server = RecordingServer.onSocket(socket)) {
        assertThat(client.stubs().version().version(Empty.getDefaultInstance()).getVersion())
            .isEqualTo("test");
        var events = client.stubs().events()
            .subscribe(SubscribeRequest.newBuilder().addFilters("x").build());
        assertThatThrownBy(events::hasNext)
            .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      }
    }
  }
}
