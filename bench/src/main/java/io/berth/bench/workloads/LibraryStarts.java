package io.berth.bench.workloads;

import io.berth.bench.run.WorkloadFailure;
import io.berth.shim.runtime.Container;
import io.berth.shim.runtime.ExitStatus;
import io.berth.shim.runtime.StageCache;
import io.berth.shim.runtime.Stdio;
import io.berth.shim.spec.Spec;
import io.berth.shim.spec.Specs;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Container starts with Berth's runtime core, the shim's {@link Container} library, in this JVM:
 * read config.json, create (the init stage is set up and waits), start (it has exec'd), wait for
 * the exit, destroy. The library makes this JVM a child subreaper on first use.
 */
final class LibraryStarts {

  private static final long EXIT_LIMIT_SECONDS = 30;

  private static final Duration CACHE_LIMIT = Duration.ofMinutes(2);

  private LibraryStarts() {}

  /**
   * Builds the init stage's ahead-of-time cache where this JVM's stages look for it, unless it
   * exists, as berthd does for its shims when it starts: the rows then time the stage a daemon
   * runs (without the cache each stage loads its classes from the jars and costs about 40% more
   * CPU time).
   */
  static void prepareStageCache() {
    try {
      if (!StageCache.build(StageCache.stateDir(), StageCache.aotDir(), CACHE_LIMIT, p -> { })) {
        throw new WorkloadFailure("Berth: the init stage's AOT cache could not be built in "
            + StageCache.aotDir());
      }
    } catch (IOException e) {
      throw new WorkloadFailure("Berth: build the init stage's AOT cache: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkloadFailure("interrupted", e);
    }
  }

  static StartRun run(RuntimeBundle bundle, String id) {
    bundle.writeConfig(id);
    long t0 = System.nanoTime();
    Spec spec = Specs.read(bundle.config());
    Container c = Container.create(id, bundle.dir(), spec, Stdio.discard());
    try {
      long created = System.nanoTime();
      long cpu = TaskCpu.nanos(c.init().pid());
      long t1 = System.nanoTime();
      c.start();
      long started = System.nanoTime();
      ExitStatus exit = c.exit().get(EXIT_LIMIT_SECONDS, TimeUnit.SECONDS);
      c.destroy();
      long done = System.nanoTime();
      if (exit.code() != 0) {
        throw new WorkloadFailure("Berth: /bin/true in " + id + " exited with " + exit.code());
      }
      return new StartRun(created - t0, started - t1, done - t0 - (t1 - created), cpu);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new WorkloadFailure("Berth: container " + id + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkloadFailure("interrupted", e);
    } finally {
      c.destroy();
    }
  }
}
