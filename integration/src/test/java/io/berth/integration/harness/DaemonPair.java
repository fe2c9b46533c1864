package io.berth.integration.harness;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * berthd and the reference containerd started side by side (concurrently, to save time), for a
 * test class to share. Closing stops both and removes their directories, even when one failed.
 */
public final class DaemonPair implements AutoCloseable {

  private final Berthd berthd;
  private final ReferenceContainerd containerd;

  private DaemonPair(Berthd berthd, ReferenceContainerd containerd) {
    this.berthd = berthd;
    this.containerd = containerd;
  }

  public static DaemonPair start() {
    Berthd b = new Berthd();
    ReferenceContainerd c = new ReferenceContainerd();
    DaemonPair pair = new DaemonPair(b, c);
    try {
      CompletableFuture<?> cs = CompletableFuture.runAsync(c::start);
      b.start();
      cs.join();
      return pair;
    } catch (RuntimeException | AssertionError e) {
      pair.close();
      throw e;
    }
  }

  public Berthd berthd() {
    return berthd;
  }

  public ReferenceContainerd containerd() {
    return containerd;
  }

  /** A fresh comparison of ctr sessions on the two daemons. */
  public CtrComparison comparison() {
    return new CtrComparison(berthd, containerd);
  }

  /** The sockets, berthd's first. */
  public Path[] sockets() {
    return new Path[] {berthd.socket(), containerd.socket()};
  }

  @Override
  public void close() {
    try {
      berthd.close();
    } finally {
      containerd.close();
    }
  }
}
