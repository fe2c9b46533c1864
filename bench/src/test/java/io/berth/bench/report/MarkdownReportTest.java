package io.berth.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  @Test
  void rendersRatiosTargetsExtraTargetsAndFailures() {
    Row create = new Row("containers.create clients=1", "containers.create",
        Map.of("clients", 1), "ops/s", OptionalDouble.of(2.0));
    add(create.on(Row.BERTH), 900, 1000, 1100);
    add(create.on(Row.CONTAINERD), 400, 400, 400);
    add(create.on("embedded"), 50_000);
    Row list = new Row("containers.list containers=10000 clients=1", "containers.list",
        Map.of("containers", 10000, "clients", 1), "ops/s", OptionalDouble.of(2.0));
    add(list.on(Row.BERTH), 3.0);
    add(list.on(Row.CONTAINERD), 2.0);
    Row events = new Row("events.delivered subscribers=1", "events.delivered",
        Map.of("subscribers", 1), "events/s", OptionalDouble.empty());
    events.on(Row.BERTH).fail("subscription failed: UNAVAILABLE");
    add(events.on(Row.CONTAINERD), 800);

    String md = MarkdownReport.render(new Report(Instant.EPOCH, Instant.EPOCH, "quick", 3, 250,
        Map.of("cores", "2"), List.of(Row.BERTH, Row.CONTAINERD, "embedded"),
        List.of(create, list, events)));

    assertThat(md).contains("| Workload | Berth | containerd | Berth / containerd | Target |"
        + " Embedded |");
    assertThat(md).contains("| containers.create clients=1 | 1,000 ops/s ±10% | 400 ops/s ±0% "
        + "| 2.50× | ≥2× met | 50,000 ops/s ±0% |");
    assertThat(md).contains("| 3.00 ops/s ±0% | 2.00 ops/s ±0% | 1.50× | ≥2× **missed** | – |");
    assertThat(md).contains("| events.delivered subscribers=1 | failed | 800 events/s ±0% | – "
        + "| – | – |");
    assertThat(md).contains("- events.delivered subscribers=1 on berth: subscription failed");
    assertThat(md).contains("cores 2");
  }

  private static void add(Measurements m, double... values) {
    for (double v : values) {
      m.add(v);
    }
  }
}
