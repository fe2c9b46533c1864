package io.berth.bench.targets;

import io.berth.daemon.Berth;
import java.nio.file.Path;

/**
 * Berth embedded in this process ({@link Berth#open}) on a private root: the same services and
 * durability (each write synced) with no gRPC, no socket and no protobuf conversion. All clients
 * share the one Berth, as threads of an embedding application would.
 */
public final class EmbeddedTarget implements Target {

  private final Path dir;
  private final Berth berth;
  private final ContainerOps ops;
  private final int maxClients;

  public EmbeddedTarget(int maxClients) {
    this.dir = Daemon.freshDir("embedded-");
    this.berth = Berth.open(dir.resolve("root"));
    this.ops = new EmbeddedContainerOps(berth);
    this.maxClients = maxClients;
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public int maxClients() {
    return maxClients;
  }

  @Override
  public ContainerOps containers(int client) {
    return ops;
  }

  /** A thread per caller: every call is made on its caller's thread. */
  @Override
  public int callerThreads(int callers) {
    return callers;
  }

  @Override
  public void close() {
    berth.close();
    Daemon.deleteRecursively(dir);
  }
}
