package io.berth.bench.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A whole benchmark run: when, how (mode, repetitions, timed-section length), on what machine,
 * against which daemon versions, and one row per workload.
 */
public record Report(Instant started, Instant finished, String mode, int repetitions,
    long measureMillis, Map<String, String> environment, List<String> targets, List<Row> rows) {

  public Report {
    environment = Map.copyOf(environment);
    targets = List.copyOf(targets);
    rows = List.copyOf(rows);
  }
}
