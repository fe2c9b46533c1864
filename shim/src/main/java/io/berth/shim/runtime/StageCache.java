package io.berth.shim.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The init stage's ahead-of-time cache, built by a long-lived owner (berthd) for the shims it
 * starts with {@code -Dberth.shim.stateDir=STATE -Dberth.shim.aotDir=AOT}: a shim lives only as
 * long as its container, too short to train and write a cache.
 */
public final class StageCache {
  private StageCache() {
  }

  /** This shim's state directory: {@code berth.shim.stateDir}, else {@code /run/berth-shim}. */
  public static Path stateDir() {
    return Path.of(System.getProperty("berth.shim.stateDir", "/run/berth-shim"));
  }

  /** Where this JVM's stages look for the cache: {@code berth.shim.aotDir}, else the state dir. */
  public static Path aotDir() {
    String dir = System.getProperty("berth.shim.aotDir");
    return dir == null || dir.isEmpty() ? stateDir() : Path.of(dir);
  }

  /**
   * Builds the cache in {@code aotDir} unless a current one exists; {@code started} receives the
   * training process. Returns whether the cache exists afterwards.
   */
  public static boolean build(Path stateDir, Path aotDir, Duration limit, Consumer<Process> started)
      throws IOException, InterruptedException {
    return StageLauncher.create(stateDir, aotDir, true).buildAotCache(limit, started);
  }

  /**
   * Does the start-up work of the first container ahead of time (a pooled shim waiting for its
   * task): prepares the stage launcher and loads the native bindings and the spec parser.
   */
  public static void warmUp() {
    StageLauncher.get();
    io.berth.shim.sys.Syscalls.umask(io.berth.shim.sys.Syscalls.umask(022));
    io.berth.shim.spec.Specs.parse("""
        {"ociVersion":"1.0.2","process":{"args":["/bin/true"],"cwd":"/","user":{"uid":0,"gid":0}},
         "root":{"path":"rootfs"},"linux":{"namespaces":[{"type":"pid"},{"type":"mount"}]}}
        """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
