package io.berth.bench.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A whole benchmark run: when, how (mode, repetitions, timed-section length), on what machine,
 * against which daemon versions, and one row per workload.
 *
 * @param warmupMillis the least time each daemon-metadata workload warmed up per target
 * @param selection {@value #ALL_WORKLOADS}, or the --only pattern that picked the workloads
 */
public record Report(Instant started, Instant finished, String mode, int repetitions,
    long measureMillis, long warmupMillis, Map<String, String> environment, List<String> targets, List<Row> rows,
    String selection) {

  /** The selection of a run of every workload. */
  public static final String ALL_WORKLOADS = "all";

  public Report {
    environment = Map.copyOf(environment);
    targets = List.copyOf(targets);
    rows = List.copyOf(rows);
  }
}
