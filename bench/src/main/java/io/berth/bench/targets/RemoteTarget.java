package io.berth.bench.targets;

import io.berth.api.client.BerthClient;
import io.berth.api.client.DirectLoop;
import io.berth.api.services.version.v1.VersionResponse;
import com.google.protobuf.Empty;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A daemon process and a pool of clients of it, each with its own connection (as separate
 * client processes would have). Every workload talks to berthd and containerd through these
 * same Java clients: container calls over a {@link DirectLoop}'s channel each, all driven by the
 * loop's one thread (so that the client's own cost, which shares the machine's two cores with the
 * daemon, stays small: 16 callers cost one epoll_wait per batch of answers, not 16 thread
 * wake-ups), event streams over grpc-java's Netty channels.
 */
public final class RemoteTarget implements Target {

  private final Daemon daemon;
  private final List<BerthClient> clients = new ArrayList<>();
  private final List<BerthClient> direct = new ArrayList<>();
  private final List<ContainerOps> ops = new ArrayList<>();
  private final DirectLoop loop;
  private final String version;

  /** Starts the daemon and opens {@code clients} connections to it. */
  public static RemoteTarget start(Daemon daemon, int clients) {
    try {
      daemon.start();
      return new RemoteTarget(daemon, clients);
    } catch (RuntimeException e) {
      daemon.close();
      throw e;
    }
  }

  private RemoteTarget(Daemon daemon, int n) {
    this.daemon = daemon;
    this.loop = DirectLoop.start("bench-calls-" + daemon.name());
    for (int i = 0; i < n; i++) {
      clients.add(BerthClient.connect(daemon.socket()));
      BerthClient d = BerthClient.over(loop.connect(daemon.socket()));
      direct.add(d);
      ops.add(new GrpcContainerOps(d));
    }
    VersionResponse v = clients.getFirst().stubs().version()
        .withDeadlineAfter(30, TimeUnit.SECONDS).version(Empty.getDefaultInstance());
    this.version = v.getVersion();
  }

  @Override
  public String name() {
    return daemon.name();
  }

  /** The version the daemon reports. */
  public String version() {
    return version;
  }

  public Daemon daemon() {
    return daemon;
  }

  @Override
  public int maxClients() {
    return clients.size();
  }

  /** The raw client {@code i}, for services beyond containers (e.g. events). */
  public BerthClient client(int i) {
    return clients.get(i);
  }

  @Override
  public ContainerOps containers(int client) {
    return ops.get(client);
  }

  /** One: every caller's calls start and end on the loop's thread. */
  @Override
  public int callerThreads(int callers) {
    return 1;
  }

  @Override
  public long compilerCpuNanos() {
    return JitActivity.compilerCpuNanos(daemon.pid());
  }

  @Override
  public void close() {
    for (BerthClient c : clients) {
      c.close();
    }
    for (BerthClient c : direct) {
      c.close();
    }
    loop.close();
    daemon.close();
  }
}
