package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.services.events.v1.Envelope;
import io.berth.events.Subscription;
import io.berth.metadata.Container;
import io.berth.metadata.Namespace;
import io.berth.metadata.TypedValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
}
