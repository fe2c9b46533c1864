package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BerthClientTest {

  @TempDir Path dir;

  @Test
  void unixSocketCallsCarryTheNamespaceHeader() throws Exception {
    Path socket = dir.resolve("berthd.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.connect(socket)) {
      var reply =
          client.withNamespace("ns1").containers()
              .get(GetContainerRequest.newBuilder().setId("c1").build());

      assertThat(reply.getContainer().getId()).isEqualTo("c1");
      assertThat(server.headerValues(Headers.NAMESPACE)).containsExactly("ns1");
      assertThat(server.headerValues(Headers.LEASE)).isEmpty();
    }
  }

  @Test
  void plainStubsSendNoNamespace() throws Exception {
    String name = UUID.randomUUID().toString();
    try (RecordingServer server = RecordingServer.inProcess(name);
        BerthClient client = BerthClient.inProcess(name)) {
      assertThat(client.stubs().version().version(Empty.getDefaultInstance()).getVersion())
          .isEqualTo("test");
      assertThat(server.headerValues(Headers.NAMESPACE)).isEmpty();
      assertThat(client.stubs().namespace()).isEmpty();
    }
  }

  @Test
  void namespaceAndLeaseAreReplacedNotRepeated() throws Exception {
    String name = UUID.randomUUID().toString();
    try (RecordingServer server = RecordingServer.inProcess(name);
        BerthClient client = BerthClient.inProcess(name)) {
      Stubs stubs = client.withNamespace("a").withLease("l1").withNamespace("b").withLease("l2");

      stubs.containers().get(GetContainerRequest.newBuilder().setId("x").build());

      assertThat(server.headerValues(Headers.NAMESPACE)).containsExactly("b");
      assertThat(server.headerValues(Headers.LEASE)).containsExactly("l2");
      assertThat(stubs.namespace()).contains("b");
      assertThat(stubs.lease()).contains("l2");
    }
  }

  @Test
  void futureStubsCarryTheNamespace() throws Exception {
    String name = UUID.randomUUID().toString();
    try (RecordingServer server = RecordingServer.inProcess(name);
        BerthClient client = BerthClient.inProcess(name)) {
      var reply =
          client.withNamespace("ns2").containersFuture()
              .get(GetContainerRequest.newBuilder().setId("c2").build())
              .get(30, TimeUnit.SECONDS);

      assertThat(reply.getContainer().getId()).isEqualTo("c2");
      assertThat(server.headerValues(Headers.NAMESPACE)).containsExactly("ns2");
    }
  }

  @Test
  void serverStreamsWorkBlockingAndAsync() throws Exception {
    Path socket = dir.resolve("events.sock");
    SubscribeRequest request =
        SubscribeRequest.newBuilder().addFilters("/a").addFilters("/b").build();
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.connect(socket)) {
      List<String> blocking = new ArrayList<>();
      client.stubs().events().subscribe(request).forEachRemaining(e -> blocking.add(e.getTopic()));

      CompletableFuture<List<String>> async = new CompletableFuture<>();
      client.withNamespace("n").eventsAsync().subscribe(request, collect(async));

      assertThat(blocking).containsExactly("/a", "/b");
      assertThat(async.get(30, TimeUnit.SECONDS)).containsExactly("/a", "/b");
      assertThat(server.headerValues(Headers.NAMESPACE)).containsExactly("n");
    }
  }

  @Test
  void acceptsMessagesUpTo16MiB() throws Exception {
    Path socket = dir.resolve("big.sock");
    try (RecordingServer _ = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.connect(socket)) {
      var containers = client.withNamespace("n").containers();

      var tenMiB =
          containers.list(ListContainersRequest.newBuilder().addFilters("10485760").build());
      assertThat(tenMiB.getContainers(0).getExtensionsOrThrow("blob").getValue().size())
          .isEqualTo(10 << 20);

      assertThatThrownBy(
              () ->
                  containers.list(
                      ListContainersRequest.newBuilder().addFilters("17000000").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    }
  }

  @Test
  void aMissingSocketIsUnavailable() {
    try (BerthClient client = BerthClient.connect(dir.resolve("nobody.sock"))) {
      assertThatThrownBy(() -> client.stubs().version().version(Empty.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  @Test
  void closeIsIdempotentAndShutsTheChannel() {
    BerthClient client = BerthClient.connect(dir.resolve("x.sock"));
    client.close();
    client.close();

    assertThat(client.channel().isTerminated()).isTrue();
  }

  private static StreamObserver<Envelope> collect(CompletableFuture<List<String>> done) {
    List<String> topics = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(Envelope value) {
        topics.add(value.getTopic());
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(topics);
      }
    };
  }
}
