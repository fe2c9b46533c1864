package io.berth.bench.targets;

import io.berth.tasks.TaskConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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

  /** How long berthd may take to build its JVMs' ahead-of-time caches. */
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(240);

  /**
   * A berthd on a fresh state directory first builds the AOT caches of the shim and init-stage
   * JVMs (once per install and JDK; a user's berthd has them from its first minutes) and fills its
   * shim pool. Measuring before that would time shims started without their cache, so the bench
   * waits for both caches (built, or marked as not buildable) and then for the pool's shims.
   */
  @Override
  protected void awaitSettled() throws IOException {
    Path caches = state().resolve("shim");
    long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
    while (!(settled(caches, "shim-") && settled(caches, "stage-") && shimPids().size() >= TaskConfig.DEFAULT_SHIM_POOL)) {
      if (System.nanoTime() > deadline) {
        System.err.println("bench: berthd did not build its AOT caches and fill its shim pool within "
            + SETTLE_LIMIT + "; measuring anyway");
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for berthd to settle", e);
      }
    }
  }

  private static boolean settled(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString())
          .anyMatch(n -> n.startsWith(prefix) && (n.endsWith(".aot") || n.endsWith(".aot.failed")));
    }
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
