package io.berth.integration.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.anys.Anys;
import io.berth.api.client.BerthClient;
import io.berth.api.events.ContainerUpdate;
import io.berth.api.services.events.v1.PublishRequest;
import io.berth.integration.harness.BackgroundCtr;
import io.berth.integration.harness.CtrComparison;
import io.berth.integration.harness.DaemonProcess;
import io.berth.integration.harness.Masks;
import io.berth.integration.harness.PairedDaemons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ctr events}, with and without filters, running on berthd and containerd while the same
 * ctr session changes namespaces and containers: every subscriber must print the same event lines
 * (timestamps masked) on both daemons.
 */
class CtrEventsComparisonTest {

  /** Long enough for a loaded machine; only stops a broken run from hanging. */
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /** Each subscriber's filters: none; one AND filter; two filters ORed. */
  private static final List<List<String>> SUBSCRIBERS = List.of(
      List.of(),
      List.of("namespace==ev1,topic~=|^/containers/|"),
      List.of("topic==\"/namespaces/create\"", "event.id==e2"),
      List.of("event.labels.k"));

  @RegisterExtension
  static final PairedDaemons PAIR = PairedDaemons.withEmptyDir("rootfs-");

  @Test
  void subscribersSeeTheSameEvents() {
    List<BackgroundCtr> onBerth = new ArrayList<>();
    List<BackgroundCtr> onContainerd = new ArrayList<>();
    try {
      subscribe(PAIR.daemons().berthd(), onBerth);
      subscribe(PAIR.daemons().containerd(), onContainerd);

      CtrComparison c = PAIR.daemons().comparison();
      String r = PAIR.scratch().toString();
      c.step("ns", "create", "ev1", "a=1");
      c.step("-n", "ev1", "c", "create", "--label", "k=1", "--rootfs", r, "e1", "/bin/true");
      c.step("-n", "ev1", "c", "create", "--rootfs", r, "e2");
      c.step("-n", "ev2", "c", "create", "--runtime", "io.berth.test.v1", "--rootfs", r, "e2");
      c.stepMasked(Masks::sortCommaSeparated,
          "-n", "ev1", "c", "label", "e2", "k=v", "other=x");
      c.step("-n", "ev1", "c", "label", "e2", "k=");
      c.step("-n", "ev1", "leases", "create", "--id", "quiet");
      c.step("ns", "label", "ev1", "b=2");
      c.step("-n", "ev1", "c", "rm", "e1", "e2");
      c.step("-n", "ev2", "c", "rm", "e2");
      c.step("-n", "ev1", "leases", "rm", "quiet");
      c.step("ns", "rm", "ev1", "ev2");
      c.step("-n", "ev1", "c", "rm", "missing");
      c.step("events", "topic==");
      c.step("events", "namespace==ev1", "event.id~=/x");
      c.assertSame();

      List<List<String>> berth = collect(PAIR.daemons().berthd(), onBerth);
      List<List<String>> containerd = collect(PAIR.daemons().containerd(), onContainerd);
      for (int i = 0; i < SUBSCRIBERS.size(); i++) {
        assertThat(berth.get(i))
            .as("events for filters %s (berthd vs containerd)", SUBSCRIBERS.get(i))
            .containsExactlyElementsOf(containerd.get(i));
      }
      assertThat(containerd.get(0)).as("the unfiltered subscriber saw the session")
          .hasSizeGreaterThan(8);
    } finally {
      onBerth.forEach(BackgroundCtr::close);
      onContainerd.forEach(BackgroundCtr::close);
    }
  }

  /**
   * Starts one {@code ctr events} per filter set and returns once each is known to receive:
   * probe events (that every filter set matches) are published until each subscriber printed
   * one, then a last probe marks where the session starts.
   */
  private static void subscribe(DaemonProcess daemon, List<BackgroundCtr> out) {
    for (List<String> filters : SUBSCRIBERS) {
      List<String> args = new ArrayList<>(List.of("events"));
      args.addAll(filters);
      out.add(daemon.ctr().start(args.toArray(String[]::new)));
    }
    try (BerthClient client = BerthClient.connect(daemon.socket())) {
      for (BackgroundCtr sub : out) {
        while (sub.lines().stream().noneMatch(l -> l.contains("/containers/probe"))) {
          probe(client, "/containers/probe");
          try {
            sub.awaitLine(l -> l.contains("/containers/probe"), Duration.ofMillis(300));
          } catch (AssertionError notYet) {
            if (!sub.alive()) {
              throw notYet;
            }
          }
        }
      }
      probe(client, "/containers/probe-start");
      for (BackgroundCtr sub : out) {
        List<String> upToStart = sub.awaitLine(l -> l.contains("/containers/probe-start"), LIMIT);
        sub.drop(upToStart.size());
      }
    }
  }

  /** Publishes the end marker and returns each subscriber's masked lines before it. */
  private static List<List<String>> collect(DaemonProcess daemon, List<BackgroundCtr> subs) {
    try (BerthClient client = BerthClient.connect(daemon.socket())) {
      probe(client, "/containers/probe-end");
    }
    List<List<String>> all = new ArrayList<>();
    for (BackgroundCtr sub : subs) {
      List<String> lines = sub.awaitLine(l -> l.contains("/containers/probe-end"), LIMIT);
      all.add(lines.subList(0, lines.size() - 1).stream().map(Masks::apply).toList());
    }
    return all;
  }

  /**
   * An event every subscriber's filters match: namespace ev1, a /containers/ topic, id e2 and a
   * label k.
   */
  private static void probe(BerthClient client, String topic) {
    client.withNamespace("ev1").events().publish(PublishRequest.newBuilder()
        .setTopic(topic)
        .setEvent(Anys.pack(ContainerUpdate.newBuilder().setId("e2").putLabels("k", "probe")
            .build()))
        .build());
  }
}
