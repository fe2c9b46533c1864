package io.berth.daemon.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.berth.api.anys.Anys;
import io.berth.api.client.BerthClient;
import io.berth.api.events.NamespaceCreate;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.PublishRequest;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.berth.daemon.server.NamespaceInterceptor;
import io.berth.daemon.server.StatusInterceptor;
import io.berth.events.Exchange;
import io.berth.metadata.MetadataDb;
import io.berth.metadata.local.LocalServices;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscribe streams over a real exchange with small queues, through an in-process server. */
class EventsServiceTest {

  private static final int QUEUE = 4;

  @TempDir Path root;
  private MetadataDb db;
  private Exchange exchange;
  private EventsService service;
  private Server server;
  private BerthClient client;

  @BeforeEach
  void start() throws Exception {
    db = MetadataDb.open(root);
    exchange = new Exchange(Clock.systemUTC(), QUEUE, Anys.registry());
    service = new EventsService(LocalServices.of(db, exchange).events());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name)
        .intercept(new StatusInterceptor())
        .addService(ServerInterceptors.intercept(service, NamespaceInterceptor.headerOnly()))
        .build().start();
    client = BerthClient.inProcess(name);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    exchange.close();
    db.close();
  }

  /** A subscriber that asks for {@code initial} envelopes and then only what the test asks. */
  private static final class Reader implements ClientResponseObserver<SubscribeRequest, Envelope> {
    final List<Envelope> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();
    private final int initial;
    volatile ClientCallStreamObserver<SubscribeRequest> call;

    Reader(int initial) {
      this.initial = initial;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> call) {
      this.call = call;
      if (initial >= 0) {
        call.disableAutoRequestWithInitial(initial);
      }
    }

    @Override
    public void onNext(Envelope e) {
      received.add(e);
    }

    @Override
    public void onError(Throwable t) {
      end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      end.complete(Status.OK);
    }
  }

  private Reader subscribe(int initial, String... filters) {
    Reader r = new Reader(initial);
    client.stubs().eventsAsync().subscribe(
        SubscribeRequest.newBuilder().addAllFilters(List.of(filters)).build(), r);
    await(() -> exchange.subscriberCount() == 1 || r.end.isDone());
    return r;
  }

  private void publish(String namespace, String name) {
    client.withNamespace(namespace).events().publish(PublishRequest.newBuilder()
        .setTopic("/namespaces/create")
        .setEvent(Anys.pack(NamespaceCreate.newBuilder().setName(name).build()))
        .build());
  }

  /** Waits for a condition the test brings about; the limit only stops a broken run. */
  private static void await(BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition reached before the limit").isBefore(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void subscriberGetsMatchingEventsInOrder() throws Exception {
    Reader r = subscribe(-1, "namespace==a");
    publish("a", "one");
    publish("b", "skipped");
    publish("a", "two");
    await(() -> r.received.size() == 2);
    assertThat(r.received).extracting(e -> Anys.unpack(e.getEvent(), NamespaceCreate.class)
        .getName()).containsExactly("one", "two");
    assertThat(r.received.getFirst().getNamespace()).isEqualTo("a");
    assertThat(r.received.getFirst().getTopic()).isEqualTo("/namespaces/create");
    assertThat(r.received.getFirst().getTimestamp().getSeconds()).isPositive();
  }

  @Test
  void slowSubscriberIsDroppedAndItsStreamEndsUnavailable() throws Exception {
    Reader r = subscribe(1);
    for (int i = 0; i < 5 * QUEUE; i++) {
      publish("a", "e" + i);
    }
    await(() -> exchange.subscriberCount() == 0);
    r.call.request(100);
    Status end = r.end.get(30, TimeUnit.SECONDS);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription()).startsWith("event subscriber too slow");
    List<String> names = r.received.stream()
        .map(e -> Anys.unpack(e.getEvent(), NamespaceCreate.class).getName()).toList();
    assertThat(names).hasSizeBetween(QUEUE, QUEUE + 2)
        .isEqualTo(names.stream().sorted((x, y) -> Integer.compare(
            Integer.parseInt(x.substring(1)), Integer.parseInt(y.substring(1)))).toList());
    assertThat(names.getFirst()).isEqualTo("e0");
  }

  @Test
  void cancellingTheCallEndsTheSubscription() {
    Reader r = subscribe(-1);
    r.call.cancel("client done", null);
    await(() -> exchange.subscriberCount() == 0);
  }

  @Test
  void endStreamsCompletesEveryStream() throws Exception {
    Reader a = subscribe(-1);
    Reader b = new Reader(-1);
    client.stubs().eventsAsync().subscribe(SubscribeRequest.getDefaultInstance(), b);
    await(() -> exchange.subscriberCount() == 2);
    service.endStreams();
    assertThat(a.end.get(30, TimeUnit.SECONDS)).isEqualTo(Status.OK);
    assertThat(b.end.get(30, TimeUnit.SECONDS)).isEqualTo(Status.OK);
  }

  @Test
  void badFilterEndsTheStreamAsContainerdDoes() throws Exception {
    Reader r = new Reader(-1);
    client.stubs().eventsAsync().subscribe(
        SubscribeRequest.newBuilder().addFilters("topic==").build(), r);
    Status end = r.end.get(30, TimeUnit.SECONDS);
    assertThat(end.getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(end.getDescription()).isEqualTo("subscription error: failed parsing subscription "
        + "filters: filters: parse error: [topic==]: expected value or quoted: invalid argument");
  }

  @Test
  void publishChecksNamespaceAndTopic() {
    Status noNamespace = catchThrowableOfType(StatusRuntimeException.class,
        () -> client.stubs().events().publish(PublishRequest.newBuilder().setTopic("/x")
            .setEvent(Anys.pack(NamespaceCreate.getDefaultInstance())).build())).getStatus();
    assertThat(noNamespace.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(noNamespace.getDescription())
        .isEqualTo("failed publishing event: namespace is required: failed precondition");
    Status badTopic = catchThrowableOfType(StatusRuntimeException.class,
        () -> client.withNamespace("a").events().publish(PublishRequest.newBuilder()
            .setTopic("no-slash").setEvent(Anys.pack(NamespaceCreate.getDefaultInstance()))
            .build())).getStatus();
    assertThat(badTopic.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badTopic.getDescription()).startsWith("envelope topic \"no-slash\": ");
  }
}
