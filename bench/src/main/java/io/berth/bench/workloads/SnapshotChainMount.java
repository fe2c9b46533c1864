package io.berth.bench.workloads;

import io.berth.bench.run.Sample;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.targets.Target;
import io.berth.mount.Mount;
import io.berth.mount.Mounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The time to prepare and mount a snapshot on top of a long chain of committed layers: each
 * repetition builds {@code layers} committed overlayfs layers in a fresh namespace (untimed; layer
 * i holds one small file {@code layer-i}, written straight into the layer's directory as
 * containerd's overlay applier does), then times, {@value #TIMED} times, Prepare of an active
 * snapshot on the top layer + performing the returned mounts on a fresh directory with {@link
 * Mounter} + reading the top layer's file through them + unmounting. The mount is done by this
 * process for both daemons, so the row compares the daemons' work and the shape of their mounts
 * (logged once per target). A repetition records the median of its timed runs; everything it
 * made (mounts, snapshots, the namespace, the mount point) is removed, also after a failure.
 */
final class SnapshotChainMount implements DurationWorkload {

  static final int TIMED = 5;

  private static final Path BASE = Path.of("/var/tmp/berth-bench");

  private final int layers;
  private final Mounter mounter = new Mounter();
  private final Set<String> described = ConcurrentHashMap.newKeySet();

  SnapshotChainMount(int layers) {
    if (layers < 1) {
      throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    }
    this.layers = layers;
  }

  @Override
  public String name() {
    return "snapshots.chain.prepare-mount-read-unmount";
  }

  @Override
  public Map<String, Object> parameters() {
    return Map.of("layers", layers);
  }

  @Override
  public boolean supports(Target target) {
    return target instanceof RemoteTarget;
  }

  static String layerName(int i) {
    return "layer-%03d".formatted(i);
  }

  @Override
  public Sample run(Target target, Session session) {
    RemoteTarget remote = (RemoteTarget) target;
    String ns = session.freshNamespace("chain");
    SnapshotCalls snapshots = new SnapshotCalls(remote, 0, ns);
    Path mountPoint;
    try {
      mountPoint = Files.createTempDirectory(Files.createDirectories(BASE), "chain-mnt-");
    } catch (IOException e) {
      throw new WorkloadFailure("cannot make a mount point under " + BASE + ": " + e, e);
    }
    Sample sample;
    try {
      sample = measure(target, snapshots, mountPoint);
    } catch (IOException e) {
      throw cleanUp(new WorkloadFailure(target.name() + ": " + e.getMessage(), e), snapshots, ns,
          mountPoint);
    } catch (RuntimeException e) {
      throw cleanUp(e, snapshots, ns, mountPoint);
    }
    cleanUp(null, snapshots, ns, mountPoint);
    return sample;
  }

  private Sample measure(Target target, SnapshotCalls snapshots, Path mountPoint)
      throws IOException {
    buildChain(snapshots);
    String top = layerName(layers - 1);
    String expected = content(layers - 1);
    List<Long> times = new ArrayList<>();
    for (int run = 0; run < TIMED; run++) {
      String key = "top-" + run;
      long start = System.nanoTime();
      List<Mount> mounts = snapshots.prepare(key, top);
      mounter.mountAll(mounts, mountPoint);
      String read;
      try {
        read = Files.readString(mountPoint.resolve(top));
      } finally {
        mounter.unmountAll(mountPoint);
      }
      times.add(System.nanoTime() - start);
      if (!read.equals(expected)) {
        throw new WorkloadFailure(target.name() + ": " + top + " read through the mounts holds \""
            + read + "\", expected \"" + expected + "\"");
      }
      if (run == 0) {
        checkBottom(target, mounts, mountPoint);
        describe(target, mounts);
      }
      snapshots.remove(key);
    }
    Collections.sort(times);
    return new Sample(1, times.get(times.size() / 2));
  }

  /** Layer 0 has no parent; layer i has layer i-1. Each holds one file named after it. */
  private void buildChain(SnapshotCalls snapshots) throws IOException {
    for (int i = 0; i < layers; i++) {
      String key = "build-" + i;
      List<Mount> mounts = snapshots.prepare(key, i == 0 ? "" : layerName(i - 1));
      Path dir = writableDirectory(mounts);
      Files.writeString(dir.resolve(layerName(i)), content(i));
      snapshots.commit(layerName(i), key);
    }
  }

  private static String content(int i) {
    return "layer " + i + "\n";
  }

  /**
   * The host directory an active snapshot's changes go to: the source of its bind mount (a
   * snapshot without parent) or the {@code upperdir} of its overlay.
   */
  private static Path writableDirectory(List<Mount> mounts) throws IOException {
    if (mounts.size() == 1) {
      Mount m = mounts.getFirst();
      if (m.type().equals("bind")) {
        return Path.of(m.source());
      }
      if (m.type().equals("overlay")) {
        for (String o : m.options()) {
          if (o.startsWith("upperdir=")) {
            return Path.of(o.substring("upperdir=".length()));
          }
        }
      }
    }
    throw new IOException("cannot find the writable directory of mounts " + mounts);
  }

  /** The bottom layer's file must show through too: the mount holds the whole chain. */
  private void checkBottom(Target target, List<Mount> mounts, Path mountPoint)
      throws IOException {
    mounter.mountAll(mounts, mountPoint);
    try {
      String bottom = Files.readString(mountPoint.resolve(layerName(0)));
      if (!bottom.equals(content(0))) {
        throw new WorkloadFailure(target.name() + ": " + layerName(0) + " holds \"" + bottom
            + "\" through the mounts");
      }
    } finally {
      mounter.unmountAll(mountPoint);
    }
  }

  private void describe(Target target, List<Mount> mounts) {
    if (!described.add(target.name())) {
      return;
    }
    for (Mount m : mounts) {
      int lowers = 0;
      int bytes = String.join(",", m.options()).getBytes(StandardCharsets.UTF_8).length;
      for (String o : m.options()) {
        if (o.startsWith("lowerdir=")) {
          lowers = o.split(":").length;
        }
      }
      System.err.printf("bench: %s on %s: mount type %s, %d options (%d bytes), %d lowerdirs, "
              + "source %s%n", label(), target.name(), m.type(), m.options().size(), bytes, lowers,
          m.source());
    }
  }

  /**
   * Takes down whatever is still mounted, removes the namespace's snapshots and the namespace and
   * the mount point; a failure of this is added to {@code failure} if there is one, else thrown.
   */
  private <E extends RuntimeException> E cleanUp(E failure, SnapshotCalls snapshots, String ns,
      Path mountPoint) {
    List<Runnable> steps = List.of(
        () -> {
          try {
            mounter.unmountAll(mountPoint);
            Files.deleteIfExists(mountPoint);
          } catch (IOException e) {
            throw new WorkloadFailure("clean up " + mountPoint + ": " + e.getMessage(), e);
          }
        },
        () -> snapshots.removeEverything(ns));
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          throw e;
        }
        failure.addSuppressed(e);
      }
    }
    return failure;
  }
}
