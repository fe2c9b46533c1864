package io.berth.bench.targets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * berthd started the way users start it, through {@code bin/berthd} of a built tree, with
 * optional extra JVM options (e.g. a JFR recording) passed in {@code BERTH_JAVA_OPTS}.
 */
public final class Berthd extends Daemon {

  private final Path launcher;
  private final Optional<String> javaOptions;

  public Berthd(Path home, Optional<String> javaOptions) {
    super(freshDir("berthd-"));
    this.launcher = home.resolve("bin/berthd");
    this.javaOptions = javaOptions;
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(launcher + " is missing or not executable");
    }
  }

  @Override
  public String name() {
    return "berth";
  }

  @Override
  protected List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.add("--root=" + root());
    cmd.add("--state=" + state());
    cmd.add("--address=" + socket());
    return cmd;
  }

  /** berth-shim: a JVM running a class of io.berth.shim, with paths under this daemon's dir. */
  @Override
  protected boolean isShim(List<String> argv) {
    return argv.stream().anyMatch(a -> a.startsWith("io.berth.shim."))
        && Processes.mentions(argv, dir.toString());
  }

  @Override
  protected Map<String, String> environment() {
    return javaOptions.map(o -> Map.of("BERTH_JAVA_OPTS", o)).orElse(Map.of());
  }
}
