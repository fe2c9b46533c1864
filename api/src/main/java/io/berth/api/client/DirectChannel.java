package io.berth.api.client;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A channel for unary calls to a gRPC server on a unix socket, each made on the calling thread
 * over one HTTP/2 connection ({@link Http2Connection}): no event loop, no thread hand-off, a write
 * and a read or two per call. For callers that make one call at a time and want each to cost as
 * little as possible (a CLI, a benchmark client); calls from several threads take turns. Streaming
 * methods are refused (UNIMPLEMENTED): use {@link BerthClient#connect} for those.
 *
 * <p>A lost connection fails the call it was carrying (UNAVAILABLE) and is made again by the next
 * call. A call whose deadline passes while it waits for the server closes the connection itself
 * and ends DEADLINE_EXCEEDED.
 */
public final class DirectChannel extends ManagedChannel {

  private final Path socket;
  private Http2Connection connection;
  private boolean shutdown;

  private DirectChannel(Path socket) {
    this.socket = socket;
  }

  /** A channel to the server on {@code socket}; connecting waits for the first call. */
  public static DirectChannel connect(Path socket) {
    return new DirectChannel(Objects.requireNonNull(socket, "socket"));
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    return new DirectCall<>(this, method, options);
  }

  @Override
  public String authority() {
    return "localhost";
  }

  /**
   * The connection, made when there is none or the last one failed; the call then runs while
   * holding its turn ({@link Http2Connection#turn}).
   */
  synchronized Http2Connection connection() {
    if (shutdown) {
      throw Status.UNAVAILABLE.withDescription("channel shut down").asRuntimeException();
    }
    if (connection == null || !connection.usable()) {
      closeQuietly(connection);
      try {
        connection = Http2Connection.open(socket);
      } catch (IOException e) {
        connection = null;
        throw Status.UNAVAILABLE.withDescription("cannot connect to " + socket + ": " + e)
            .withCause(e).asRuntimeException();
      }
    }
    return connection;
  }

  private static void closeQuietly(Http2Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing a broken socket: nothing more to do
      }
    }
  }

  @Override
  public synchronized ManagedChannel shutdown() {
    shutdown = true;
    closeQuietly(connection);
    connection = null;
    return this;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return isShutdown();
  }

  @Override
  public ManagedChannel shutdownNow() {
    return shutdown();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }
}
