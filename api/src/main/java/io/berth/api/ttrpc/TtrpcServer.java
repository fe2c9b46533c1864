package io.berth.api.ttrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.berth.api.errors.StatusCodes;
import io.berth.api.ttrpc.wire.KeyValue;
import io.berth.api.ttrpc.wire.Request;
import io.berth.api.ttrpc.wire.Response;
import io.berth.api.ttrpc.wire.Status;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ttrpc server on a unix socket: a virtual thread accepts, one reads each connection, and each
 * call runs on a virtual thread of its own, so calls are answered in any order. Services may be
 * added and removed while it serves; a call to a service or method it does not have is answered
 * UNIMPLEMENTED. Bad messages are answered with an error on their stream id, as ttrpc's server
 * does: a payload over 4 MiB RESOURCE_EXHAUSTED, an undecodable request or an even stream id
 * INVALID_ARGUMENT; messages of other types are ignored.
 */
public final class TtrpcServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TtrpcServer.class.getName());

  private final Path socket;
  private final ServerSocketChannel listener;
  private final Map<String, TtrpcService> services = new ConcurrentHashMap<>();
  private final Set<FrameChannel> connections = ConcurrentHashMap.newKeySet();
  private final Object callsLock = new Object();
  private int calls;
  private volatile boolean closed;

  private TtrpcServer(Path socket, ServerSocketChannel listener) {
    this.socket = socket;
    this.listener = listener;
    Thread.ofVirtual().name("ttrpc-accept").start(this::accept);
  }

  /**
   * Listens on {@code socket}, replacing a file left there. With a {@code mode}, the socket is
   * bound under a private name, given the mode, then moved to its address, so that nobody finds
   * it before it has its mode.
   */
  public static TtrpcServer listen(Path socket, Set<PosixFilePermission> mode) throws IOException {
    Path binding = mode == null ? socket : socket.resolveSibling(socket.getFileName() + ".binding");
    Files.deleteIfExists(binding);
    if (mode != null) {
      Files.deleteIfExists(socket);
    }
    ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      listener.bind(UnixDomainSocketAddress.of(binding));
      if (mode != null) {
        Files.setPosixFilePermissions(binding, mode);
        Files.move(binding, socket, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      listener.close();
      Files.deleteIfExists(binding);
      throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
    return new TtrpcServer(socket, listener);
  }

  /** Serves {@code service} from now on, in place of one of the same name. */
  public TtrpcServer register(TtrpcService service) {
    services.put(service.name(), service);
    return this;
  }

  /** Stops serving the service named {@code name}: its calls are answered UNIMPLEMENTED. */
  public void unregister(String name) {
    services.remove(name);
  }

  public Path socket() {
    return socket;
  }

  private void accept() {
    while (!closed) {
      SocketChannel ch;
      try {
        ch = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(Level.WARNING, "ttrpc server on " + socket + " stops accepting: " + e);
        }
        return;
      }
      FrameChannel frames = new FrameChannel(ch);
      connections.add(frames);
      if (closed) {
        closeQuietly(frames);
        return;
      }
      Thread.ofVirtual().name("ttrpc-conn").start(() -> serve(frames));
    }
  }

  private void serve(FrameChannel frames) {
    try {
      for (Frame f = frames.read(); f != null; f = frames.read()) {
        if (f.oversize()) {
          reply(frames, f.streamId(), error(StatusCodes.RESOURCE_EXHAUSTED, "message length " + f.length()
              + " exceeds the maximum message size of " + FrameChannel.MAX_PAYLOAD));
          continue;
        }
        if (f.type() != Frame.REQUEST) {
          continue; // a type this side does not know: ignored, as ttrpc does
        }
        Request request;
        try {
          request = Request.parseFrom(f.payload());
        } catch (InvalidProtocolBufferException e) {
          reply(frames, f.streamId(), error(StatusCodes.INVALID_ARGUMENT, "cannot decode the request: "
              + e.getMessage()));
          continue;
        }
        if (f.streamId() % 2 != 1) {
          reply(frames, f.streamId(), error(StatusCodes.INVALID_ARGUMENT, "stream id " + f.streamId()
              + " is even: a client's stream ids are odd"));
          continue;
        }
        if (!begin()) {
          reply(frames, f.streamId(), error(StatusCodes.UNAVAILABLE, "the server is stopping"));
          continue;
        }
        int id = f.streamId();
        Thread.ofVirtual().name("ttrpc-call").start(() -> {
          try {
            reply(frames, id, dispatch(request));
          } finally {
            end();
          }
        });
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.log(Level.DEBUG, "ttrpc connection on " + socket + " ends: " + e);
      }
    } finally {
      connections.remove(frames);
      closeQuietly(frames);
    }
  }

  private Response dispatch(Request request) {
    TtrpcService service = services.get(request.getService());
    if (service == null) {
      return error(StatusCodes.UNIMPLEMENTED, "service " + request.getService());
    }
    if (!service.has(request.getMethod())) {
      return error(StatusCodes.UNIMPLEMENTED, "method " + request.getMethod());
    }
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    for (KeyValue kv : request.getMetadataList()) {
      metadata.computeIfAbsent(kv.getKey(), k -> new ArrayList<>()).add(kv.getValue());
    }
    CallContext context = new CallContext(request.getService() + "/" + request.getMethod(), metadata,
        request.getTimeoutNano());
    MessageLite result;
    try {
      result = service.call(request.getMethod(), request.getPayload(), context);
    } catch (TtrpcException e) {
      return error(e.code(), e.status());
    } catch (InterruptedException e) {
      return error(StatusCodes.CANCELLED, context.method() + " interrupted");
    } catch (Exception e) {
      return error(StatusCodes.codeOf(e), e.getMessage() == null ? e.getClass().getName() : e.getMessage());
    }
    Response response = Response.newBuilder().setStatus(Status.getDefaultInstance())
        .setPayload(result.toByteString()).build();
    if (response.getSerializedSize() > FrameChannel.MAX_PAYLOAD) {
      return error(StatusCodes.RESOURCE_EXHAUSTED, "the response of " + context.method() + " ("
          + response.getSerializedSize() + " bytes) exceeds the maximum message size of " + FrameChannel.MAX_PAYLOAD);
    }
    return response;
  }

  private static Response error(int code, String message) {
    return Response.newBuilder().setStatus(Status.newBuilder().setCode(code).setMessage(message)).build();
  }

  private void reply(FrameChannel frames, int streamId, Response response) {
    try {
      frames.write(streamId, Frame.RESPONSE, response.toByteArray());
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "ttrpc response on " + socket + " not sent: " + e);
    }
  }

  private boolean begin() {
    synchronized (callsLock) {
      if (closed) {
        return false;
      }
      calls++;
      return true;
    }
  }

  private void end() {
    synchronized (callsLock) {
      calls--;
      callsLock.notifyAll();
    }
  }

  /**
   * Stops accepting connections and calls and removes the socket, waits up to {@code grace} for
   * the calls in flight to be answered, then closes every connection. Safe to call twice.
   */
  public void close(Duration grace) throws InterruptedException {
    synchronized (callsLock) {
      closed = true;
    }
    closeQuietly(listener);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot remove socket " + socket + ": " + e);
    }
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      synchronized (callsLock) {
        while (calls > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(callsLock, left);
        }
      }
    } finally {
      for (FrameChannel c : connections) {
        closeQuietly(c);
      }
    }
  }

  /** {@link #close(Duration)} with 5 seconds' grace. */
  @Override
  public void close() {
    try {
      close(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connections.forEach(TtrpcServer::closeQuietly);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is all that is left to do
    }
  }
}
