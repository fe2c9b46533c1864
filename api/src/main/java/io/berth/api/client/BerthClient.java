package io.berth.api.client;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection to a server of the containerd v1 API: berthd's unix socket, or an in-process server
 * in tests. Obtain stubs with {@link #withNamespace(String)} (namespaced services) or {@link
 * #stubs()} (version, namespaces, introspection, health, events subscription). Closing the client
 * closes the channel and its event loop.
 *
 * <pre>{@code
 * try (BerthClient client = BerthClient.connect(Path.of("/run/berth/berthd.sock"))) {
 *   var containers = client.withNamespace("default").containers()
 *       .list(ListContainersRequest.getDefaultInstance());
 * }
 * }</pre>
 */
public final class BerthClient implements AutoCloseable {

  /** Largest message accepted from the server, as containerd's clients and server use. */
  public static final int MAX_MESSAGE_SIZE = 16 << 20;

  private static final long CLOSE_WAIT_SECONDS = 5;

  /**
   * grpc-netty asks every client channel for SO_KEEPALIVE, which a unix socket does not have, and
   * netty logs a warning per connection. Held here so the raised level is not collected away.
   */
  private static final Logger BOOTSTRAP_LOG =
      Logger.getLogger("io.netty.bootstrap.AbstractBootstrap");

  private final ManagedChannel channel;
  private final EventLoopGroup eventLoop; // null for channels not built here with netty
  private final Stubs stubs;
  private boolean closed;

  private BerthClient(ManagedChannel channel, EventLoopGroup eventLoop) {
    this.channel = channel;
    this.eventLoop = eventLoop;
    this.stubs = new Stubs(channel);
  }

  /**
   * A client of the server listening on the unix socket {@code socket} (plaintext HTTP/2 over
   * epoll). Connecting is lazy: a missing server shows as UNAVAILABLE on the first call.
   */
  public static BerthClient connect(Path socket) {
    Objects.requireNonNull(socket, "socket");
    BOOTSTRAP_LOG.setLevel(Level.SEVERE);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, daemonThreads(), EpollIoHandler.newFactory());
    try {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
              .eventLoopGroup(group)
              .channelType(EpollDomainSocketChannel.class)
              .usePlaintext()
              .maxInboundMessageSize(MAX_MESSAGE_SIZE)
              .build();
      return new BerthClient(channel, group);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** A client of the in-process server registered under {@code name}. */
  public static BerthClient inProcess(String name) {
    Objects.requireNonNull(name, "name");
    return new BerthClient(
        InProcessChannelBuilder.forName(name).maxInboundMessageSize(MAX_MESSAGE_SIZE).build(),
        null);
  }

  /** A client over a channel built elsewhere; the client takes ownership and shuts it down. */
  public static BerthClient over(ManagedChannel channel) {
    return new BerthClient(Objects.requireNonNull(channel, "channel"), null);
  }

  /** Stubs whose calls carry no namespace header. */
  public Stubs stubs() {
    return stubs;
  }

  /** Stubs whose calls carry {@code containerd-namespace: namespace}. */
  public Stubs withNamespace(String namespace) {
    return stubs.withNamespace(namespace);
  }

  /** The underlying channel, for stubs of services not covered by {@link Stubs}. */
  public ManagedChannel channel() {
    return channel;
  }

  /** Shuts the channel down, waiting briefly for calls in flight; safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    channel.shutdown();
    try {
      if (!channel.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        channel.shutdownNow();
        channel.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      if (eventLoop != null) {
        eventLoop.shutdownGracefully(0, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    return Thread.ofPlatform().name("berth-client-", 0).daemon(true).factory();
  }
}
