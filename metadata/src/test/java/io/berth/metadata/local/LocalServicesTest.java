package io.berth.metadata.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import io.berth.api.anys.Anys;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.events.ContainerCreate;
import io.berth.api.events.ContainerDelete;
import io.berth.api.events.ContainerUpdate;
import io.berth.api.events.NamespaceCreate;
import io.berth.api.events.NamespaceDelete;
import io.berth.api.events.NamespaceUpdate;
import io.berth.api.events.TaskExit;
import io.berth.api.services.events.v1.Envelope;
import io.berth.events.Exchange;
import io.berth.events.Subscription;
import io.berth.metadata.Container;
import io.berth.metadata.LeaseResource;
import io.berth.metadata.MetadataDb;
import io.berth.metadata.Namespace;
import io.berth.metadata.TypedValue;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServicesTest {

  static final TypedValue SPEC = new TypedValue(Anys.OCI_SPEC, "{}".getBytes());
  static final TypedValue OPTIONS = new TypedValue("containerd.runc.v1.Options", new byte[] {8, 1});

  @TempDir
  Path root;

  MetadataDb db;
  Exchange exchange;
  LocalServices services;
  Subscription events;

  @BeforeEach
  void open() {
    db = MetadataDb.open(root);
    exchange = new Exchange();
    services = LocalServices.of(db, exchange);
    events = exchange.subscribe();
  }

  @AfterEach
  void close() {
    exchange.close();
    db.close();
  }

  /** The next event: its envelope namespace, topic and decoded payload. */
  private record Event(String namespace, String topic, Message payload) {}

  private Event next() throws InterruptedException {
    Envelope e = events.next(0, TimeUnit.SECONDS);
    assertThat(e).as("an event was published").isNotNull();
    return new Event(e.getNamespace(), e.getTopic(), Anys.decode(e.getEvent()).orElseThrow());
  }

  private void assertNoMoreEvents() throws InterruptedException {
    assertThat(events.next(0, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void containerEventsCarryContainerdsPayloads() throws Exception {
    Containers containers = services.containers();
    Container created = containers.create("default", Container.builder("web")
        .runtime("io.containerd.runc.v2", OPTIONS).spec(SPEC).image("busybox")
        .labels(Map.of("a", "1")).build());
    assertThat(next()).isEqualTo(new Event("default", "/containers/create",
        ContainerCreate.newBuilder().setId("web").setImage("busybox")
            .setRuntime(ContainerCreate.Runtime.newBuilder().setName("io.containerd.runc.v2")
                .setOptions(Anys.pack(OPTIONS.typeUrl(), OPTIONS.value()))).build()));

    Container updated = containers.update("default", Container.builder("web")
        .labels(Map.of("b", "2")).snapshotKey("k").snapshotter("overlayfs").build(),
        List.of("labels.b", "image"));
    assertThat(updated.labels()).containsOnlyKeys("a", "b");
    assertThat(updated.image()).isEmpty();
    assertThat(next()).isEqualTo(new Event("default", "/containers/update",
        ContainerUpdate.newBuilder().setId("web").putLabels("a", "1").putLabels("b", "2").build()));
    assertThat(containers.get("default", "web")).isEqualTo(updated);
    assertThat(containers.list("default", List.of("labels.b==2"))).containsExactly(updated);

    containers.delete("default", "web");
    assertThat(next()).isEqualTo(new Event("default", "/containers/delete",
        ContainerDelete.newBuilder().setId("web").build()));
    assertNoMoreEvents();
    assertThat(created.createdAt()).isEqualTo(updated.createdAt());
  }

  @Test
  void createWithoutRuntimeOptionsLeavesThemUnset() throws Exception {
    services.containers().create("default",
        Container.builder("x").runtime("io.containerd.runc.v2", null).spec(SPEC).build());
    ContainerCreate event = (ContainerCreate) next().payload();
    assertThat(event.getRuntime().hasOptions()).isFalse();
  }

  @Test
  void failedCallsPublishNothing() throws Exception {
    Containers containers = services.containers();
    assertThatThrownBy(() -> containers.create("default", Container.builder("x").build()))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> containers.update("default", Container.builder("").build(), List.of()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("Container.ID required: invalid argument");
    assertThatThrownBy(() -> containers.delete("default", "x"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> services.namespaces().delete("nope"))
        .isInstanceOf(NotFoundException.class);
    assertNoMoreEvents();
  }

  @Test
  void namespaceEvents() throws Exception {
    Namespaces namespaces = services.namespaces();
    Map<String, String> labels = new HashMap<>(Map.of("a", "1", "e", ""));
    Namespace created = namespaces.create("default", new Namespace("team", labels));
    assertThat(created).isEqualTo(new Namespace("team", Map.of("a", "1")));
    assertThat(next()).isEqualTo(new Event("default", "/namespaces/create",
        NamespaceCreate.newBuilder().setName("team").putLabels("a", "1").putLabels("e", "")
            .build()));

    Namespace updated = namespaces.update("default", new Namespace("team", Map.of("b", "2")),
        List.of("labels.b"));
    assertThat(updated.labels()).containsOnlyKeys("a", "b");
    assertThat(next()).isEqualTo(new Event("default", "/namespaces/update",
        NamespaceUpdate.newBuilder().setName("team").putLabels("b", "2").build()));
    assertThat(namespaces.get("team")).isEqualTo(updated);
    assertThat(namespaces.list()).containsExactly(updated);

    namespaces.delete("team");
    assertThat(next()).isEqualTo(new Event("team", "/namespaces/delete",
        NamespaceDelete.newBuilder().setName("team").build()));
    assertThat(namespaces.get("team").labels()).isEmpty();
  }

  @Test
  void namespaceWritesNeedTheCallersNamespaceFirst() throws Exception {
    assertThatThrownBy(() -> services.namespaces().create("", new Namespace("x", Map.of())))
        .isInstanceOf(FailedPreconditionException.class)
        .hasMessage("failed publishing event: namespace is required: failed precondition");
    assertThat(services.namespaces().list()).isEmpty();
    assertNoMoreEvents();
  }

  @Test
  void leasesPassThrough() throws Exception {
    Leases leases = services.leases();
    leases.create("default", "l", Map.of("k", "v"));
    leases.addResource("default", "l", new LeaseResource("key", "snapshots/overlayfs"));
    assertThat(leases.listResources("default", "l"))
        .containsExactly(new LeaseResource("key", "snapshots/overlayfs"));
    assertThat(leases.list("default", List.of("labels.k==v"))).hasSize(1);
    leases.deleteResource("default", "l", new LeaseResource("key", "snapshots/overlayfs"));
    leases.delete("default", "l", true);
    assertThat(leases.list("default", List.of())).isEmpty();
    assertNoMoreEvents();
  }

  @Test
  void eventsServiceSemantics() throws Exception {
    Events service = services.events();
    service.publish("moby", "/tasks/exit", Anys.pack(TaskExit.newBuilder().setId("c").build()));
    assertThat(next()).isEqualTo(new Event("moby", "/tasks/exit",
        TaskExit.newBuilder().setId("c").build()));
    assertThatThrownBy(() -> service.subscribe(List.of("a==")))
        .isInstanceOf(UnknownException.class)
        .hasMessage("subscription error: failed parsing subscription filters: filters: parse "
            + "error: [a==]: expected value or quoted: invalid argument");
    try (Subscription mine = service.subscribe(List.of("namespace==moby"))) {
      service.publish("default", "/tasks/exit", Anys.pack(TaskExit.getDefaultInstance()));
      service.publish("moby", "/tasks/oom", Anys.pack(TaskExit.getDefaultInstance()));
      assertThat(mine.next().getTopic()).isEqualTo("/tasks/oom");
    }
  }
}
