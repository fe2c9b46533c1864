package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.services.events.ttrpc.v1.ForwardRequest;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.ttrpc.TtrpcClient;
import io.berth.api.ttrpc.TtrpcEvents;
import io.berth.events.Subscription;
import io.berth.metadata.Container;
import io.berth.metadata.Namespace;
import io.berth.metadata.TypedValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API: the services in-process, their events, and persistence across reopen. */
class BerthTest {

  @TempDir Path dir;

  @Test
  void servicesWorkInProcessAndDataSurvivesReopen() throws Exception {
    Path root = dir.resolve("root");
    try (Berth berth = Berth.open(root)) {
      try (Subscription events = berth.events().subscribe(List.of("namespace==team"))) {
        berth.namespaces().create("default", new Namespace("team", Map.of("k", "v")));
        berth.containers().create("team", Container.builder("c1")
            .runtime("io.containerd.runc.v2", null)
            .spec(new TypedValue("types.containerd.io/opencontainers/runtime-spec/1/Spec",
                "{}".getBytes(StandardCharsets.UTF_8)))
            .build());
        Envelope created = events.next(30, TimeUnit.SECONDS);
        assertThat(created).isNotNull();
        assertThat(created.getTopic()).isEqualTo("/containers/create");
      }
      berth.leases().create("team", "l1", Map.of());
    }
    try (Berth berth = Berth.open(root)) {
      assertThat(berth.namespaces().get("team").labels()).containsEntry("k", "v");
      assertThat(berth.containers().list("team", List.of())).extracting(Container::id)
          .containsExactly("c1");
      assertThat(berth.leases().list("team", List.of())).hasSize(1);
    }
  }

  @Test
  void aBerthWithTasksServesTheShimsEventSocketUntilClosed() throws Exception {
    Path address = dir.resolve("berthd.sock");
    Path ttrpc = TtrpcEvents.socketOf(address);
    try (Berth berth = Berth.open(dir.resolve("root"), dir.resolve("state"), address, 0);
        Subscription events = berth.events().subscribe(List.of("topic==\"/tasks/exit\""));
        TtrpcClient shim = TtrpcClient.connect(ttrpc)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ttrpc)))
          .isEqualTo("rw-rw----");
      Envelope exit = Envelope.newBuilder().setNamespace("team").setTopic("/tasks/exit")
          .setTimestamp(Timestamp.newBuilder().setSeconds(1))
          .setEvent(Any.newBuilder().setTypeUrl("containerd.events.TaskExit")).build();
      shim.call(TtrpcEvents.SERVICE, TtrpcEvents.FORWARD,
          ForwardRequest.newBuilder().setEnvelope(
              io.berth.api.services.events.ttrpc.v1.Envelope.newBuilder()
                  .setNamespace(exit.getNamespace()).setTopic(exit.getTopic())
                  .setTimestamp(exit.getTimestamp()).setEvent(exit.getEvent())).build(),
          Empty.parser(), Duration.ofSeconds(10), Map.of(TtrpcEvents.NAMESPACE_KEY, "team"));
      assertThat(events.next(30, TimeUnit.SECONDS)).isEqualTo(exit);

      // a second Berth (another root) on the same address leaves the first one's socket alone
      assertThatThrownBy(() -> Berth.open(dir.resolve("root2"), dir.resolve("state2"), address, 0))
          .isInstanceOf(FailedPreconditionException.class)
          .hasMessageStartingWith("address " + ttrpc + " is in use by another server");
      assertThat(ttrpc).exists();
    }
    assertThat(ttrpc).doesNotExist();
  }
}
