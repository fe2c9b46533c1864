package io.berth.ctr;

import io.berth.api.client.BerthClient;
import io.berth.api.client.Stubs;
import io.berth.api.errors.CanceledException;
import io.berth.api.errors.GrpcErrors;
import io.berth.api.validation.GoQuote;
import io.berth.ctr.format.LogLine;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One CLI invocation's connection to the daemon: a single {@link BerthClient}, made on first use
 * and closed when the invocation ends, and the namespaced stubs every command uses. Like ctr, the
 * first use waits until the socket accepts a connection, up to the connect timeout.
 */
public final class Session implements AutoCloseable {

  /** ctr's connect timeout when none is given. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final String address;
  private final String namespace;
  private final Duration connectTimeout;
  private final Io io;
  private BerthClient client;

  public Session(String address, String namespace, Duration connectTimeout, Io io) {
    this.address = address;
    this.namespace = namespace;
    this.connectTimeout =
        connectTimeout == null || connectTimeout.isZero() || connectTimeout.isNegative()
            ? DEFAULT_CONNECT_TIMEOUT
            : connectTimeout;
    this.io = io;
  }

  public String namespace() {
    return namespace;
  }

  public Io io() {
    return io;
  }

  /** The client, connected (or failing with {@link DialException}) on first call. */
  public synchronized BerthClient client() {
    if (client == null) {
      BerthClient c = BerthClient.connect(socket());
      try {
        awaitReady(c.channel());
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
      client = c;
    }
    return client;
  }

  /** Stubs carrying the namespace header, as every ctr call does. */
  public Stubs stubs() {
    return client().withNamespace(namespace);
  }

  /** Runs one RPC, turning a failed status into Berth's error classes. */
  public static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromStatus(ownDeadline(e));
    }
  }

  /**
   * The failure with Go's wording when the invocation's own deadline or cancellation ended the
   * call ({@code context deadline exceeded}, {@code context canceled}); otherwise unchanged.
   */
  public static StatusRuntimeException ownDeadline(StatusRuntimeException e) {
    Context current = Context.current();
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.DEADLINE_EXCEEDED && current.getDeadline() != null && current.getDeadline().isExpired()) {
      return Status.DEADLINE_EXCEEDED.withDescription("context deadline exceeded").asRuntimeException();
    }
    if (code == Status.Code.CANCELLED && current.isCancelled()) {
      return Status.CANCELLED.withDescription("context canceled").asRuntimeException();
    }
    return e;
  }

  /** Writes a logrus-style error line to stderr, as ctr's {@code log.G(ctx).WithError(err)}. */
  public void logError(String message, Throwable error) {
    log(LogLine.Level.ERROR, message, ExitCodes.message(error));
  }

  /** Writes a logrus-style warning line to stderr. */
  public void logWarning(String message, String error) {
    log(LogLine.Level.WARNING, message, error);
  }

  /** Writes a logrus-style warning line with no fields to stderr. */
  public void logWarning(String message) {
    io.err().print(LogLine.format(io.clock().instant(), io.zone(), LogLine.Level.WARNING, message, Map.of()));
    io.err().flush();
  }

  private void log(LogLine.Level level, String message, String error) {
    io.err().print(LogLine.format(io.clock().instant(), io.zone(), level, message, Map.of("error", error)));
    io.err().flush();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private Path socket() {
    String a = address.startsWith("unix://") ? address.substring("unix://".length()) : address;
    return Path.of(a);
  }

  private void awaitReady(ManagedChannel channel) {
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    ConnectivityState state = channel.getState(true);
    while (state != ConnectivityState.READY) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || state == ConnectivityState.SHUTDOWN) {
        throw new DialException(
            "failed to dial "
                + GoQuote.quote(address)
                + ": context deadline exceeded: connection error: desc = "
                + GoQuote.quote("transport: error while dialing: " + probe()));
      }
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      try {
        changed.await(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CanceledException("dial " + address, e);
      }
      state = channel.getState(true);
    }
  }

  // why a plain connect fails, worded like Go's net errors ("connect: connection refused")
  private String probe() {
    Path path = socket();
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(path));
      return "dial unix " + path + ": connected, but the server did not answer";
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return "dial unix " + path + ": connect: " + m.toLowerCase(java.util.Locale.ROOT);
    }
  }
}
