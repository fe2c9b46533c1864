package io.berth.daemon.server;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.sockets.UnixSocketFiles;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A gRPC server on a unix socket: HTTP/2 cleartext over Netty's io_uring transport, or its
 * epoll transport where io_uring cannot be used ({@link Transport}), 16 MiB messages as
 * containerd allows. The socket file is made mode 0660 once bound and removed on
 * {@link #close()}.
 *
 * <p>Each call runs where the caller's {@link CallPlacement} puts it ({@link CallThread}): short
 * reads on the connection's event loop, short native-blocking writes and long reads inline when
 * alone and on pooled platform threads when not, the rest (by default, everything) on a virtual
 * thread each.
 */
public final class UnixSocketServer implements AutoCloseable {

  /** Largest message accepted, as containerd's server. */
  public static final int MAX_MESSAGE_SIZE = 16 << 20;

  private static final long GRACE_SECONDS = 5;

  /**
   * Each connection's receive window, fixed at grpc-java's default size. Setting it turns off the
   * window's automatic tuning, which pings the client after reading request data (nearly every
   * call of a client calling in turn) and so costs both sides a frame and a wake-up per call; on
   * a local socket the default window does not limit throughput.
   */
  private static final int FLOW_CONTROL_WINDOW = 1 << 20;

  /**
   * Event loops. One loop was tried on a 2-core machine: Gets at 16 clients cost berthd less CPU
   * each (fewer wake-ups), but lists of 1,000 at 16 clients, which run on the loop, fell from
   * 2.2x to 1.2x containerd's rate, as they then had one core between them.
   */
  private static final int EVENT_LOOPS = 2;

  /**
   * How long, in microseconds, an event loop polls for more work after its last before it sleeps
   * ({@link PollBeforeSleep}); 0 turns polling off. Gets at one client on a 2-core VM: ~8,000 per
   * second without polling, 13,000-17,000 with a window of 2,000 us (at 16 clients, over epoll:
   * 46,000-48,000 without, 46,000-57,000 with). A window shorter than the scheduler keeps a
   * client waiting on the core the loop polls on (100 us) gained nothing.
   */
  static final String POLL_PROPERTY = "berth.poll_micros";
  private static final long DEFAULT_POLL_MICROS = 2_000;
  /** Of the event loops, how many may poll at once: one, so that the other core stays free. */
  private static final int MAX_POLLING_LOOPS = 1;

  private final Path socket;
  private final Server server;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService calls;
  private final ExecutorService pooled;
  private final ExecutorService reads;
  private boolean closed;

  private UnixSocketServer(
      Path socket, Server server, EventLoopGroup boss, EventLoopGroup workers,
      ExecutorService calls, ExecutorService pooled, ExecutorService reads) {
    this.socket = socket;
    this.server = server;
    this.boss = boss;
    this.workers = workers;
    this.calls = calls;
    this.pooled = pooled;
    this.reads = reads;
  }

  /**
   * Binds {@code socket} and starts serving what {@code services} adds to the builder. A stale
   * socket file (nobody listening) is replaced; a live one is refused.
   *
   * @throws FailedPreconditionException if another server listens on {@code socket}
   * @throws UncheckedIOException if the socket cannot be bound
   */
  public static UnixSocketServer start(Path socket, Consumer<ServerBuilder<?>> services) {
    return start(socket, services, (method, headers) -> CallThread.VIRTUAL);
  }

  /** As {@link #start(Path, Consumer)}, running each call where {@code placement} puts it. */
  public static UnixSocketServer start(
      Path socket, Consumer<ServerBuilder<?>> services, CallPlacement placement) {
    return start(socket, services, placement, Transport.chosen(),
        Long.getLong(POLL_PROPERTY, DEFAULT_POLL_MICROS) * 1000);
  }

  /**
   * As {@link #start(Path, Consumer, CallPlacement)}, over {@code transport}, with event loops
   * that poll for {@code pollNanos} after their last work (0: sleep at once).
   */
  static UnixSocketServer start(Path socket, Consumer<ServerBuilder<?>> services,
      CallPlacement placement, Transport transport, long pollNanos) {
    Path binding = socket.resolveSibling(socket.getFileName() + ".binding");
    prepare(socket, binding);
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(
        1, Thread.ofPlatform().name("grpc-accept").daemon(true).factory(), transport.handlers());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
        EVENT_LOOPS, Thread.ofPlatform().name("grpc-io-", 0).daemon(true).factory(),
        PollBeforeSleep.around(transport.handlers(), pollNanos, MAX_POLLING_LOOPS));
    ExecutorService calls =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("call-", 0).factory());
    ExecutorService pooled =
        Executors.newCachedThreadPool(Thread.ofPlatform().name("write-", 0).daemon(true).factory());
    ExecutorService reads = Executors.newFixedThreadPool(
        Runtime.getRuntime().availableProcessors(),
        Thread.ofPlatform().name("read-", 0).daemon(true).factory());
    try {
      NettyServerBuilder builder = NettyServerBuilder
          .forAddress(new DomainSocketAddress(binding.toString()))
          .channelType(transport.serverChannel())
          .bossEventLoopGroup(boss)
          .workerEventLoopGroup(workers)
          .directExecutor()
          .callExecutor(
              new CallExecutors(calls, new InlineWhenIdle(workers, pooled),
                  new InlineWhenIdle(workers, reads), placement))
          .flowControlWindow(FLOW_CONTROL_WINDOW)
          .maxInboundMessageSize(MAX_MESSAGE_SIZE);
      services.accept(builder);
      Server server = builder.build().start();
      // bound under a private name, given its mode, then moved to its address: a client that
      // finds the socket finds it with its final mode (the listening socket follows the rename)
      Files.setPosixFilePermissions(binding, PosixFilePermissions.fromString("rw-rw----"));
      Files.move(binding, socket, StandardCopyOption.ATOMIC_MOVE);
      return new UnixSocketServer(socket, server, boss, workers, calls, pooled, reads);
    } catch (IOException | RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      calls.shutdownNow();
      pooled.shutdownNow();
      reads.shutdownNow();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot serve on " + socket + ": " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  /**
   * Chooses each call's executor once its method and headers are known (the choice itself runs
   * on the event loop): none, which leaves the call on the event loop, the writes' executor, the
   * long reads' executor, or a virtual thread.
   */
  private record CallExecutors(
      Executor virtual, Executor writes, Executor reads, CallPlacement placement)
      implements ServerCallExecutorSupplier {
    @Override
    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
      return switch (placement.place(call.getMethodDescriptor().getFullMethodName(), headers)) {
        case EVENT_LOOP -> null;
        case WRITE -> writes;
        case LONG_READ -> reads;
        case VIRTUAL -> virtual;
      };
    }
  }

  private static void prepare(Path socket, Path binding) {
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(binding); // left by a server that died while binding
      UnixSocketFiles.claim(socket);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare socket " + socket + ": " + e.getMessage(), e);
    }
  }

  public Path socket() {
    return socket;
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /**
   * Stops accepting calls, gives calls in flight a few seconds, cancels the rest, then frees the
   * event loops and removes the socket file. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      calls.shutdownNow();
      pooled.shutdownNow();
      reads.shutdownNow();
      boss.shutdownGracefully(0, GRACE_SECONDS, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, GRACE_SECONDS, TimeUnit.SECONDS);
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        System.getLogger(UnixSocketServer.class.getName())
            .log(System.Logger.Level.WARNING, "cannot remove socket " + socket + ": " + e);
      }
    }
  }
}
