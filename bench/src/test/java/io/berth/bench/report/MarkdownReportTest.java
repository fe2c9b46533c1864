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
        1500, Map.of("cores", "2"), List.of(Row.BERTH, Row.CONTAINERD, "embedded"),
        List.of(create, list, events), Report.ALL_WORKLOADS));

    assertThat(md).contains("| Workload | Berth | containerd | Berth / containerd | Target |"
        + " Embedded |");
    assertThat(md).contains("warm up for at least 1500 ms per target");
    assertThat(md).contains("| containers.create clients=1 | 1,000 ops/s ±10% | 400 ops/s ±0% "
        + "| 2.50× | ≥2× met | 50,000 ops/s ±0% |");
    assertThat(md).contains("| 3.00 ops/s ±0% | 2.00 ops/s ±0% | 1.50× | ≥2× **missed** | – |");
    assertThat(md).contains("| events.delivered subscribers=1 | failed | 800 events/s ±0% | – "
        + "| – | – |");
    assertThat(md).contains("- events.delivered subscribers=1 on berth: subscription failed");
    assertThat(md).contains("cores 2");
    assertThat(md).contains("Workloads: all.");
    assertThat(md).contains("How to read: ");
  }

  @Test
  void lowerIsBetterRowsHaveAMaximumTarget() {
    Row latency = new Row("tasks.run-rm p50 of 10", "tasks.run-rm", Map.of("stat", "p50"),
        "ms", OptionalDouble.of(1.0), true);
    add(latency.on(Row.BERTH), 300, 320, 310);
    add(latency.on(Row.CONTAINERD), 400);
    Row pss = new Row("memory.shim-pss tasks=20", "memory.shim-pss", Map.of("tasks", 20),
        "MiB", OptionalDouble.of(2.0), true);
    add(pss.on(Row.BERTH), 30);
    add(pss.on(Row.CONTAINERD), 10);
    Row half = new Row("x", "x", Map.of(), "ms", OptionalDouble.of(0.5), true);

    String md = MarkdownReport.render(new Report(Instant.EPOCH, Instant.EPOCH, "full", 5, 700,
        3000, Map.of(), List.of(Row.BERTH, Row.CONTAINERD), List.of(latency, pss, half), "tasks"));

    assertThat(latency.meetsTarget()).contains(true);
    assertThat(pss.meetsTarget()).contains(false);
    assertThat(md).contains("| tasks.run-rm p50 of 10 | 310 ms ±3% | 400 ms ±0% | 0.78× "
        + "| ≤1× met |");
    assertThat(md).contains("| 30.0 MiB ±0% | 10.0 MiB ±0% | 3.00× | ≤2× **missed** |");
    assertThat(md).contains("| ≤0.5× |");
    assertThat(md).contains("Workloads: those matching `tasks`.");
  }

  private static void add(Measurements m, double... values) {
    for (double v : values) {
      m.add(v);
    }
  }
}
