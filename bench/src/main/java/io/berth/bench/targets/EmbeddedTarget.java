package io.berth.bench.targets;

import io.berth.metadata.MetadataDb;
import java.nio.file.Path;

/**
 * Berth's metadata stores opened in this process on a private root: the same durability (each
 * write synced) with no gRPC, no socket and no protobuf conversion. All clients share the store,
 * as threads of an embedding application would.
 */
public final class EmbeddedTarget implements Target {

  private final Path dir;
  private final MetadataDb db;
  private final ContainerOps ops;
  private final int maxClients;

  public EmbeddedTarget(int maxClients) {
    this.dir = Daemon.freshDir("embedded-");
    this.db = MetadataDb.open(dir.resolve("root"));
    this.ops = new EmbeddedContainerOps(db);
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

  @Override
  public void close() {
    db.close();
    Daemon.deleteRecursively(dir);
  }
}
