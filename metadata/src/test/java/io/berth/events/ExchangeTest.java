package io.berth.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.berth.api.anys.Anys;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.UnavailableException;
import io.berth.api.events.ContainerCreate;
import io.berth.api.events.ContainerUpdate;
import io.berth.api.events.TaskCreate;
import io.berth.api.events.TaskExit;
import io.berth.api.events.TaskIO;
import io.berth.api.events.TaskStart;
import io.berth.api.services.events.v1.Envelope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExchangeTest {

  static final Instant NOW = Instant.parse("2024-05-01T10:00:00.5Z");

  final Exchange exchange = new Exchange(Clock.fixed(NOW, ZoneOffset.UTC), 4, Anys.registry());

  @AfterEach
  void close() {
    exchange.close();
  }

  static TaskExit exit(String container, String id, int pid) {
    return TaskExit.newBuilder().setContainerId(container).setId(id).setPid(pid).setExitStatus(3)
        .build();
  }

  /** What the subscription holds right now, without waiting. */
  static List<Envelope> drain(Subscription s) throws InterruptedException {
    List<Envelope> out = new ArrayList<>();
    for (Envelope e; (e = s.next(0, TimeUnit.SECONDS)) != null; ) {
      out.add(e);
    }
    return out;
  }

  static List<String> topics(List<Envelope> es) {
    return es.stream().map(e -> e.getNamespace() + e.getTopic()).toList();
  }

  @Test
  void publishStampsAndDeliversFromAllNamespaces() throws Exception {
    Subscription all = exchange.subscribe();
    Envelope sent = exchange.publish("moby", "/tasks/exit", exit("c1", "c1", 42));
    exchange.publish("default", "/tasks/start", TaskStart.newBuilder().setContainerId("c2").build());
    assertThat(sent.getTimestamp()).isEqualTo(
        Timestamp.newBuilder().setSeconds(NOW.getEpochSecond()).setNanos(500_000_000).build());
    assertThat(sent.getEvent().getTypeUrl()).isEqualTo("containerd.events.TaskExit");
    List<Envelope> got = drain(all);
    assertThat(got).hasSize(2);
    assertThat(got.getFirst()).isEqualTo(sent);
    assertThat(topics(got)).containsExactly("moby/tasks/exit", "default/tasks/start");
    com.google.protobuf.Message packed = Anys.pack(exit("c", "c", 1));
    assertThat(exchange.publish("ns", "/tasks/exit", packed).getEvent().getTypeUrl())
        .isEqualTo("containerd.events.TaskExit");
  }

  @Test
  void publishValidation() {
    Any any = Anys.pack(exit("c", "c", 1));
    assertThatThrownBy(() -> exchange.publish("", "/tasks/exit", any))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("failed publishing event: namespace is required: failed precondition");
    assertThatThrownBy(() -> exchange.publish("a/b", "/tasks/exit", any))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("failed publishing event: namespace validation: identifier \"a/b\"");
    assertThatThrownBy(() -> exchange.publish("ns", "", any))
        .hasMessage("envelope topic \"\": must not be empty: invalid argument");
    assertThatThrownBy(() -> exchange.publish("ns", "tasks", any))
        .hasMessage("envelope topic \"tasks\": must start with '/': invalid argument");
    assertThatThrownBy(() -> exchange.publish("ns", "/", any))
        .hasMessage("envelope topic \"/\": must have at least one component: invalid argument");
    assertThatThrownBy(() -> exchange.publish("ns", "/tasks//exit", any))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("envelope topic \"/tasks//exit\": failed validation on component \"\": "
            + "identifier must not be empty: invalid argument");
    assertThatThrownBy(() -> exchange.publish("ns", "/tasks/", any))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> exchange.publish("ns", "/tasks/a b", any))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("failed validation on component \"a b\"");
    exchange.publish("ns", "/tasks/exec-added", any);
  }

  static Envelope envelope(String ns, String topic, Timestamp ts) {
    Envelope.Builder b = Envelope.newBuilder().setNamespace(ns).setTopic(topic)
        .setEvent(Anys.pack(exit("c", "c", 1)));
    if (ts != null) {
      b.setTimestamp(ts);
    }
    return b.build();
  }

  @Test
  void forwardValidationAndDelivery() throws Exception {
    Timestamp ts = Timestamp.newBuilder().setSeconds(1_700_000_000L).build();
    assertThatThrownBy(() -> exchange.forward(envelope("", "/tasks/exit", ts)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("event envelope has invalid namespace: identifier must not be empty: "
            + "invalid argument");
    assertThatThrownBy(() -> exchange.forward(envelope("ns", "tasks/exit", ts)))
        .hasMessage("envelope topic \"tasks/exit\": must start with '/': invalid argument");
    assertThatThrownBy(() -> exchange.forward(envelope("ns", "/tasks/exit", null)))
        .hasMessage("timestamp must be set on forwarded event: invalid argument");
    assertThatThrownBy(() -> exchange.forward(envelope("ns", "/tasks/exit",
        Timestamp.newBuilder().setSeconds(Exchange.GO_ZERO_TIME_SECONDS).build())))
        .hasMessage("timestamp must be set on forwarded event: invalid argument");
    assertThatThrownBy(() -> exchange.forward(Envelope.newBuilder().setNamespace("ns")
        .setTopic("/tasks/exit").setTimestamp(ts).build()))
        .isInstanceOf(InvalidArgumentException.class);
    Subscription s = exchange.subscribe();
    Envelope epoch = envelope("ns", "/tasks/exit", Timestamp.getDefaultInstance());
    exchange.forward(epoch);
    exchange.forward(envelope("ns", "/tasks/exit", ts));
    assertThat(drain(s)).containsExactly(epoch, envelope("ns", "/tasks/exit", ts));
  }

  private List<String> matching(String... filters) throws Exception {
    Subscription s = exchange.subscribe(filters);
    try {
      exchange.publish("moby", "/tasks/exit", exit("c1", "e1", 7));
      exchange.publish("default", "/tasks/create", TaskCreate.newBuilder().setContainerId("c2")
          .setBundle("/run/b").setIo(TaskIO.newBuilder().setStdin("/in").setTerminal(true)).build());
      exchange.publish("default", "/containers/create", ContainerCreate.newBuilder().setId("c3")
          .setRuntime(ContainerCreate.Runtime.newBuilder().setName("io.containerd.runc.v2")).build());
      exchange.publish("moby", "/containers/update", ContainerUpdate.newBuilder().setId("c4")
          .putLabels("a.b", "x").putLabels("k", "v").build());
      exchange.publish("other", "/custom/thing",
          Any.newBuilder().setTypeUrl("example.Unknown").setValue(ByteString.copyFromUtf8("x")).build());
      return topics(drain(s));
    } finally {
      s.close();
    }
  }

  @Test
  void filtersOnNamespaceTopicAndEventFields() throws Exception {
    assertThat(matching("namespace==moby,topic~=|^/tasks/|")).containsExactly("moby/tasks/exit");
    assertThat(matching("namespace==moby")).containsExactly("moby/tasks/exit", "moby/containers/update");
    assertThat(matching("topic==\"/tasks/exit\"", "topic==\"/custom/thing\""))
        .containsExactly("moby/tasks/exit", "other/custom/thing");
    assertThat(matching("event.container_id==c1")).containsExactly("moby/tasks/exit");
    assertThat(matching("event.id==e1")).containsExactly("moby/tasks/exit");
    assertThat(matching("event.id")).containsExactly("moby/tasks/exit", "default/containers/create",
        "moby/containers/update");
    assertThat(matching("event.runtime.name==io.containerd.runc.v2"))
        .containsExactly("default/containers/create");
    assertThatThrownBy(() -> matching("event.io.stdin==/in"))
        .hasMessageContaining("quoted literal not terminated");
    assertThat(matching("event.io.stdin==\"/in\"")).containsExactly("default/tasks/create");
    assertThat(matching("event.io.terminal==true")).containsExactly("default/tasks/create");
    assertThat(matching("event.io.stdout")).isEmpty();
    assertThat(matching("event.labels.k==v")).containsExactly("moby/containers/update");
    assertThat(matching("event.labels.\"a.b\"==x")).containsExactly("moby/containers/update");
    assertThat(matching("event.labels.a.b==x")).containsExactly("moby/containers/update");
    assertThat(matching("event.pid")).isEmpty();
    assertThat(matching("event.exit_status==3")).isEmpty();
    assertThat(matching("event")).isEmpty();
    assertThat(matching("event.bundle~=^/run")).containsExactly("default/tasks/create");
    assertThat(matching("event.id!=e1", "namespace==other")).containsExactly(
        "default/tasks/create", "default/containers/create", "moby/containers/update",
        "other/custom/thing");
  }

  @Test
  void badFiltersFailTheSubscription() {
    assertThatThrownBy(() -> exchange.subscribe("topic==/tasks/exit"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("failed parsing subscription filters: filters: parse error: "
            + "[topic== >|/|< tasks/exit]: invalid quote encountered: invalid argument");
    assertThat(exchange.subscriberCount()).isZero();
  }

  @Test
  void aSlowSubscriberIsDroppedWithoutSlowingOthers() throws Exception {
    Subscription slow = exchange.subscribe();
    Subscription picky = exchange.subscribe("namespace==b");
    for (int i = 0; i < 6; i++) {
      exchange.publish("a", "/tasks/exit", exit("c" + i, "c" + i, i));
    }
    exchange.publish("b", "/tasks/exit", exit("cb", "cb", 9));
    assertThat(exchange.subscriberCount()).isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      assertThat(slow.next().getNamespace()).isEqualTo("a");
    }
    assertThatThrownBy(slow::next)
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("queue of 4 events overflowed");
    assertThat(drain(picky)).extracting(Envelope::getNamespace).containsExactly("b");
  }

  @Test
  void closingWakesAWaitingSubscriber() throws Exception {
    Subscription s = exchange.subscribe();
    Envelope[] got = {Envelope.getDefaultInstance()};
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        got[0] = s.next();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    while (waiter.getState() != Thread.State.WAITING) {
      Thread.sleep(1);
    }
    s.close();
    s.close();
    waiter.join();
    assertThat(got[0]).isNull();
    assertThat(exchange.subscriberCount()).isZero();
  }

  @Test
  void closingTheExchangeEndsEverySubscription() throws Exception {
    Subscription s = exchange.subscribe();
    exchange.close();
    assertThat(s.isClosed()).isTrue();
    assertThat(s.next()).isNull();
    exchange.publish("a", "/tasks/exit", exit("c", "c", 1));
    assertThatThrownBy(exchange::subscribe).isInstanceOf(UnavailableException.class);
    exchange.close();
  }

  @Test
  void orderIsKept() throws Exception {
    Exchange big = new Exchange(Clock.systemUTC(), 1000, Anys.registry());
    try (Subscription s = big.subscribe("event.container_id~=^c")) {
      for (int i = 0; i < 500; i++) {
        big.publish("ns", "/tasks/exit", exit("c" + i, "c" + i, i));
      }
      for (int i = 0; i < 500; i++) {
        assertThat(Anys.unpack(s.next().getEvent(), TaskExit.class).getPid()).isEqualTo(i);
      }
    } finally {
      big.close();
    }
  }
}
