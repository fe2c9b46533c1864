package io.berth.bench;

import io.berth.bench.report.Row;
import io.berth.bench.run.Scale;
import io.berth.bench.targets.Target;
import io.berth.bench.workloads.Session;
import io.berth.bench.workloads.Workload;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs each workload on every target that supports it: discarded warm-up repetitions (one, or
 * with a {@link Workload#warmup} time as many as {@link #warmUp} asks, per target), then the recorded ones ({@link
 * Workload#repetitions}), interleaving the targets (alternating which goes first) so that a
 * change in the machine's background load hits them alike. A failure ends that workload on that
 * target and is recorded; the others go on.
 */
final class Runner {

  /** Compiler CPU, in percent of the repetition's wall time, below which the JIT is settled. */
  static final int JIT_QUIET_PERCENT = 5;

  /** The longest warm-up, in multiples of the workload's warm-up time. */
  static final int WARMUP_STRETCH = 5;

  private final Scale scale;
  private final List<Target> targets;
  private final PrintStream log;
  private final Session session;

  Runner(Scale scale, List<Target> targets, PrintStream log) {
    this.scale = scale;
    this.targets = List.copyOf(targets);
    this.log = log;
    this.session = new Session(scale);
  }

  List<Row> run(List<Workload> workloads) {
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (Workload w : workloads) {
      n++;
      Row row = new Row(w.label(), w.name(), w.parameters(), w.unit(), w.targetRatio(),
          w.lowerIsBetter());
      int repetitions = w.repetitions(scale);
      List<Target> able = targets.stream().filter(w::supports).toList();
      Set<String> failed = new HashSet<>();
      for (int rep = -1; rep < repetitions; rep++) {
        List<Target> order = rep % 2 == 0 ? able : able.reversed();
        for (Target t : order) {
          if (failed.contains(t.name())) {
            continue;
          }
          try {
            if (rep < 0) {
              warmUp(w, t);
            } else {
              row.on(t.name()).add(w.measure(t, session));
            }
          } catch (RuntimeException e) {
            failed.add(t.name());
            row.on(t.name()).fail(e.getMessage());
            log.println("bench: " + w.label() + " failed on " + t.name() + ": " + e);
          }
        }
      }
      rows.add(row);
      log.println(progress(n, workloads.size(), row));
    }
    return rows;
  }

  /**
   * Discarded repetitions: at least one; with a warm-up time, until it has passed and the JIT
   * compilers of the target and of this client JVM together were nearly idle (under {@value
   * #JIT_QUIET_PERCENT}% of a core) during the last repetition, but for no more than {@value
   * #WARMUP_STRETCH} times the warm-up time. Both daemons go through the same loop; containerd,
   * compiled ahead of time, has no JIT of its own, but the client parsing its answers does.
   */
  private void warmUp(Workload w, Target t) {
    long min = w.warmup(scale).toNanos();
    long start = System.nanoTime();
    while (true) {
      long jit = t.compilerCpuNanos() + Target.clientCompilerCpuNanos();
      long begun = System.nanoTime();
      w.measure(t, session);
      long now = System.nanoTime();
      long compiling = t.compilerCpuNanos() + Target.clientCompilerCpuNanos() - jit;
      long elapsed = now - start;
      boolean quiet = compiling * 100 < JIT_QUIET_PERCENT * (now - begun);
      if (elapsed >= min * WARMUP_STRETCH || (elapsed >= min && quiet)) {
        return;
      }
    }
  }

  private static String progress(int n, int total, Row row) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "bench: [%d/%d] %s:", n,
        total, row.label()));
    row.byTarget().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> s.append(' ').append(e.getKey()).append(' ')
            .append(e.getValue().ok()
                ? String.format(Locale.ROOT, "%.0f %s (±%.0f%%)", e.getValue().median(),
                    row.unit(), e.getValue().spread() * 50)
                : "failed"));
    row.ratio().ifPresent(r -> s.append(String.format(Locale.ROOT, "; ratio %.2f", r)));
    return s.toString();
  }
}
