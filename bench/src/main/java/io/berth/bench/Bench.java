package io.berth.bench;

import io.berth.bench.report.JsonReport;
import io.berth.bench.report.MarkdownReport;
import io.berth.bench.report.ReadmeTable;
import io.berth.bench.report.Report;
import io.berth.bench.report.Row;
import io.berth.bench.run.Scale;
import io.berth.bench.targets.Berthd;
import io.berth.bench.targets.Containerd;
import io.berth.bench.targets.EmbeddedTarget;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.targets.Target;
import io.berth.bench.workloads.Workload;
import io.berth.bench.workloads.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark command: starts containerd 1.6 and berthd on private roots, runs every workload
 * against each through the same clients (one Java gRPC client; the real ctr for tasks), and
 * against Berth's embedded stores where that applies, and writes
 * {@code <out>/<date>.json} and {@code <out>/<date>.md}. Run it through {@code bin/bench}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures berthd against containerd 1.6 through the same clients.")
public final class Bench implements Callable<Integer> {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss").withZone(ZoneOffset.UTC);

  @Option(names = "--quick", description = "Fewer and shorter repetitions (under two minutes).")
  boolean quick;

  @Option(names = "--home", description = "The Berth tree (bin/berthd); default $BERTH_HOME or .")
  Path home;

  @Option(names = "--out", description = "Result directory; default <home>/bench-results.")
  Path out;

  @Option(names = "--only", description = "Run only workloads whose label matches this regex.")
  Pattern only;

  @Option(names = "--targets", split = ",", defaultValue = "berth,containerd,embedded",
      description = "Systems to measure: berth, containerd, embedded (default: all).")
  List<String> targets;

  @Option(names = "--repetitions", description = "Recorded repetitions (default 5, quick 3).")
  Integer repetitions;

  @Option(names = "--measure-ms", description = "Length of a timed section in ms "
      + "(default 1000, quick 250).")
  Integer measureMillis;

  @Option(names = "--warmup-ms", description = "Least warm-up time of each container and event "
      + "workload per target, in ms (default 3000, quick 1500).")
  Integer warmupMillis;

  @Option(names = "--profile", description = "Record a JFR profile of berthd into the result "
      + "directory.")
  boolean profile;

  @Option(names = "--readme", description = "Rewrite the README's benchmark table from the "
      + "newest full run in the result directory, then exit (measures nothing).")
  boolean readme;


  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path tree = home != null ? home
        : Path.of(Optional.ofNullable(System.getenv("BERTH_HOME")).orElse("."));
    tree = tree.toAbsolutePath().normalize();
    Path dir = out != null ? out : tree.resolve("bench-results");
    Files.createDirectories(dir);
    if (readme) {
      Path md = ReadmeTable.update(tree.resolve("README.md"), dir);
      System.err.println("bench: README.md now shows " + md);
      return 0;
    }
    Scale scale = quick ? Scale.quick() : Scale.full();
    if (repetitions != null) {
      scale = scale.withRepetitions(repetitions);
    }
    if (measureMillis != null) {
      scale = scale.withMeasure(Duration.ofMillis(measureMillis));
    }
    if (warmupMillis != null) {
      scale = scale.withWarmup(Duration.ofMillis(warmupMillis));
    }
    Instant started = Instant.now();
    String stamp = STAMP.format(started);
    List<Workload> workloads = Workloads.all(scale).stream()
        .filter(w -> only == null || only.matcher(w.label()).find())
        .toList();
    if (workloads.isEmpty()) {
      System.err.println("bench: no workload matches " + only);
      return 2;
    }
    Environment env = Environment.capture();
    List<Target> running = new ArrayList<>();
    Thread hook = Thread.ofPlatform().unstarted(() -> closeAll(running));
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (String t : targets) {
        Target target = switch (t) {
          case "containerd" -> RemoteTarget.start(new Containerd(), scale.maxClients());
          case "berth" -> RemoteTarget.start(new Berthd(tree, profile
                  ? Optional.of("-XX:StartFlightRecording=filename="
                      + dir.resolve(stamp + "-berthd.jfr") + ",settings=profile,dumponexit=true")
                  : Optional.empty()),
              scale.maxClients());
          case "embedded" -> new EmbeddedTarget(scale.maxClients());
          default -> throw new CommandLine.ParameterException(new CommandLine(this),
              "unknown target " + t + " (berth, containerd, embedded)");
        };
        synchronized (running) {
          running.add(target);
        }
        if (target instanceof RemoteTarget r) {
          env.put(r.name() + " version", r.version());
        }
        System.err.println("bench: started " + target.name());
      }
      List<Row> rows = new Runner(scale, running, System.err).run(workloads);
      env.put("load average after", Environment.loadAverage());
      Report report = new Report(started, Instant.now(), quick ? "quick" : "full",
          scale.repetitions(), scale.measure().toMillis(), scale.warmup().toMillis(),
          env.values(),
          running.stream().map(Target::name).toList(), rows,
          only == null ? Report.ALL_WORKLOADS : only.pattern());
      Path json = dir.resolve(stamp + ".json");
      Path md = dir.resolve(stamp + ".md");
      JsonReport.write(report, json);
      MarkdownReport.write(report, md);
      System.out.print(MarkdownReport.render(report));
      System.err.println("bench: wrote " + json + " and " + md + " in "
          + Duration.between(started, Instant.now()).toSeconds() + " s"
          + (quick || only != null ? "" : "; bin/bench --readme puts its table in README.md"));
      boolean failed = rows.stream().flatMap(r -> r.byTarget().values().stream())
          .anyMatch(m -> m.error().isPresent());
      return failed ? 1 : 0;
    } finally {
      closeAll(running);
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private static void closeAll(List<Target> targets) {
    synchronized (targets) {
      for (Target t : targets.reversed()) {
        try {
          t.close();
        } catch (RuntimeException e) {
          System.err.println("bench: closing " + t.name() + ": " + e.getMessage());
        }
      }
      targets.clear();
    }
  }
}
