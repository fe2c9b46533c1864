package io.berth.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link Report} as a Markdown table with a short account of how noisy it was. */
public final class MarkdownReport {

  /** The paragraph that explains the rows; the README shows it under its copy of the table. */
  static final String HOW_TO_READ = """
      How to read: a cell is the median of one system's recorded repetitions, ±half their \
      range. Before recording, each workload runs discarded warm-up repetitions on each daemon \
      alike; the `containers.*` and `events.*` ones repeat them for at least the warm-up time \
      and until the JIT compiler threads of the daemon and of the benchmark's own client JVM \
      together used under 5% of a core during the last one (at most 5× the warm-up time), so \
      that berthd's path and the client's are compiled and the rows compare steady states \
      (containerd, compiled ahead of time, has no JIT of its own). Throughput rows (ops/s, events/s, cycles/s): higher is better, and the target is \
      the smallest acceptable Berth / containerd ratio (≥). Latency (ms) and memory (MiB) rows: \
      lower is better, a ratio below 1× means Berth is faster or smaller, and the target is the \
      largest acceptable ratio (≤). `tasks.*` rows time the real `ctr` 1.6 against each daemon \
      (ctr's own start included, alike for both): `run-rm` is a percentile of a batch of \
      `ctr run --rm` runs back to back (so berthd takes the last run's shim back into its pool \
      during the next run), `run-rm-spaced` the same with 1.5 s between runs (what an occasional run \
      sees), `exec` and `pause-resume` the median of a batch on one running task, \
      `start-detached` the wall time of 20 parallel `ctr run -d` until every task runs. \
      `memory.*` rows read /proc/PID/smaps_rollup: RSS counts shared pages (libraries, the \
      JVM's class-data archive) in full in every process, PSS splits them among the processes \
      sharing them, so PSS adds up across processes (and falls when other processes on the \
      machine map the same files, e.g. another containerd); `daemon-rss` is the daemon process \
      alone (berthd's JVM, containerd), `daemon+shims` adds every shim of that daemon, \
      `shim-*` is the median shim; `tasks=0` rows are taken on the freshly started daemons, \
      `tasks=20` while the 20 detached tasks run. Task and memory rows record fewer \
      repetitions (each starts containers). `runtime.*` rows compare Berth's runtime library \
      with runc directly, without a daemon.
      """;

  private MarkdownReport() {}

  public static void write(Report report, Path file) throws IOException {
    Files.writeString(file, render(report));
  }

  public static String render(Report report) {
    StringBuilder md = new StringBuilder();
    md.append("# Berth benchmarks, ").append(report.started()).append("\n\n");
    md.append("Mode: ").append(report.mode()).append(", ").append(report.repetitions())
        .append(" recorded repetitions per workload and target after a discarded warm-up; ")
        .append("duration-bound sections last ").append(report.measureMillis())
        .append(" ms; container and event workloads first warm up for at least ")
        .append(report.warmupMillis())
        .append(" ms per target. Values are medians; ±x% is (max − min) / (2 × median). Workloads: ")
        .append(report.selection().equals(Report.ALL_WORKLOADS) ? "all"
            : "those matching `" + report.selection() + "`")
        .append(".\n\n");
    md.append("Environment: ");
    List<String> env = new ArrayList<>();
    new TreeMap<>(report.environment()).forEach((k, v) -> env.add(k + " " + v));
    md.append(String.join("; ", env)).append(".\n\n");

    List<String> extra = report.targets().stream()
        .filter(t -> !t.equals(Row.BERTH) && !t.equals(Row.CONTAINERD)).toList();
    md.append("| Workload | Berth | containerd | Berth / containerd | Target |");
    extra.forEach(t -> md.append(' ').append(capitalized(t)).append(" |"));
    md.append("\n|---|---:|---:|---:|:---:|");
    extra.forEach(t -> md.append("---:|"));
    md.append('\n');
    for (Row row : report.rows()) {
      md.append("| ").append(row.label()).append(" | ")
          .append(cell(row, Row.BERTH)).append(" | ")
          .append(cell(row, Row.CONTAINERD)).append(" | ")
          .append(row.ratio().isPresent()
              ? String.format(Locale.ROOT, "%.2f×", row.ratio().getAsDouble()) : "–")
          .append(" | ").append(target(row)).append(" |");
      extra.forEach(t -> md.append(' ').append(cell(row, t)).append(" |"));
      md.append('\n');
    }
    md.append('\n').append(noise(report));
    md.append('\n').append(HOW_TO_READ);
    List<String> failures = failures(report);
    if (!failures.isEmpty()) {
      md.append("\nFailures:\n\n");
      failures.forEach(f -> md.append("- ").append(f).append('\n'));
    }
    return md.toString();
  }

  private static String cell(Row row, String target) {
    if (!row.has(target)) {
      return "–";
    }
    Measurements m = row.byTarget().get(target);
    if (!m.ok()) {
      return "failed";
    }
    return number(m.median()) + " " + row.unit() + " ±"
        + Math.round(m.spread() * 50) + "%";
  }

  private static String target(Row row) {
    if (row.targetRatio().isEmpty()) {
      return "–";
    }
    String t = String.format(Locale.ROOT, "%s%s×", row.lowerIsBetter() ? "≤" : "≥",
        java.math.BigDecimal.valueOf(row.targetRatio().getAsDouble()).stripTrailingZeros()
            .toPlainString());
    return row.meetsTarget().map(m -> t + (m ? " met" : " **missed**")).orElse(t);
  }

  static String number(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,d", Math.round(v));
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String noise(Report report) {
    StringBuilder s = new StringBuilder("Noise: ");
    List<String> parts = new ArrayList<>();
    String widest = null;
    double widestSpread = -1;
    for (String t : report.targets()) {
      List<Double> spreads = new ArrayList<>();
      for (Row row : report.rows()) {
        Measurements m = row.byTarget().get(t);
        if (m != null && m.ok()) {
          spreads.add(m.spread());
          if (m.spread() > widestSpread) {
            widestSpread = m.spread();
            widest = row.label() + " on " + t;
          }
        }
      }
      if (!spreads.isEmpty()) {
        spreads.sort(Comparator.naturalOrder());
        parts.add(t + " " + Math.round(spreads.get(spreads.size() / 2) * 100) + "%");
      }
    }
    if (parts.isEmpty()) {
      return "no measurements.\n";
    }
    s.append("the median (max − min) / median over the rows is ").append(String.join(", ", parts))
        .append("; the widest is ").append(Math.round(widestSpread * 100)).append("% (")
        .append(widest).append("). Ratios closer to the target than the spreads of their two ")
        .append("cells are not conclusive.\n");
    return s.toString();
  }

  private static List<String> failures(Report report) {
    List<String> out = new ArrayList<>();
    for (Row row : report.rows()) {
      for (Map.Entry<String, Measurements> e : new TreeMap<>(row.byTarget()).entrySet()) {
        e.getValue().error().ifPresent(err -> out.add(row.label() + " on " + e.getKey() + ": "
            + err.replace('\n', ' ')));
      }
    }
    return out;
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
