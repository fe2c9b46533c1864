package io.berth.api.client;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.GetContainerResponse;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.ListContainersResponse;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.containers.v1.UpdateContainerResponse;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.berth.api.services.version.v1.VersionGrpc;
import io.berth.api.services.version.v1.VersionResponse;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small server of three services that records the headers of the last call: Containers.Get
 * echoes the id, Containers.List returns {@code filters[0]} bytes of labels, Containers.Update
 * fails NOT_FOUND, Containers.Delete sleeps id milliseconds, Version answers "test",
 * Events.Subscribe streams one envelope per filter.
 */
final class RecordingServer implements AutoCloseable {

  /** Containers.Update's error message. */
  static final String NOT_FOUND_MESSAGE = "container \"ü\" in namespace \"50%\": not found";

  /** Every answer carries this header, and these two trailers (one of them binary). */
  static final Metadata.Key<String> ANSWER_HEADER =
      Metadata.Key.of("x-answer", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> NOTE_TRAILER =
      Metadata.Key.of("x-note", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> BINARY_TRAILER =
      Metadata.Key.of("x-note-bin", Metadata.BINARY_BYTE_MARSHALLER);
  static final byte[] BINARY_VALUE = {0, 1, 2, (byte) 0xff, '='};

  final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
  private final Server server;
  private final EventLoopGroup group;

  private RecordingServer(ServerBuilder<?> builder, EventLoopGroup group) throws IOException {
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            lastHeaders.set(headers);
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
              @Override
              public void sendHeaders(Metadata answer) {
                answer.put(ANSWER_HEADER, "head");
                super.sendHeaders(answer);
              }

              @Override
              public void close(Status status, Metadata trailers) {
                trailers.put(NOTE_TRAILER, "done");
                trailers.put(BINARY_TRAILER, BINARY_VALUE.clone());
                super.close(status, trailers);
              }
            }, headers);
          }
        };
    this.group = group;
    this.server =
        builder
            .addService(ServerInterceptors.intercept(new Containers(), recorder))
            .addService(ServerInterceptors.intercept(new Version(), recorder))
            .addService(ServerInterceptors.intercept(new Events(), recorder))
            .build()
            .start();
  }

  static RecordingServer onSocket(Path socket) throws IOException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    return new RecordingServer(
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(group)
            .workerEventLoopGroup(group),
        group);
  }

  static RecordingServer inProcess(String name) throws IOException {
    return new RecordingServer(InProcessServerBuilder.forName(name), null);
  }

  List<String> headerValues(String name) {
    Iterable<String> values =
        lastHeaders.get().getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    List<String> out = new ArrayList<>();
    if (values != null) {
      values.forEach(out::add);
    }
    return out;
  }

  /** Stops taking calls (GOAWAY) and lets the calls in progress finish. */
  void shutdown() {
    server.shutdown();
  }

  @Override
  public void close() {
    try {
      server.shutdownNow();
      server.awaitTermination(10, TimeUnit.SECONDS);
      if (group != null) {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Containers extends ContainersGrpc.ContainersImplBase {
    @Override
    public void get(GetContainerRequest request, StreamObserver<GetContainerResponse> out) {
      out.onNext(
          GetContainerResponse.newBuilder()
              .setContainer(Container.newBuilder().setId(request.getId()))
              .build());
      out.onCompleted();
    }

    /** Fails NOT_FOUND with a message that travels percent-encoded. */
    @Override
    public void update(UpdateContainerRequest request,
        StreamObserver<UpdateContainerResponse> out) {
      out.onError(Status.NOT_FOUND.withDescription(NOT_FOUND_MESSAGE).asRuntimeException());
    }

    /** Answers after sleeping as many milliseconds as the id says. */
    @Override
    public void delete(DeleteContainerRequest request, StreamObserver<Empty> out) {
      try {
        Thread.sleep(Long.parseLong(request.getId()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.onNext(Empty.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> out) {
      int size = Integer.parseInt(request.getFilters(0));
      Container big =
          Container.newBuilder()
              .setId("big")
              .putExtensions(
                  "blob", Any.newBuilder().setValue(ByteString.copyFrom(new byte[size])).build())
              .build();
      out.onNext(ListContainersResponse.newBuilder().addContainers(big).build());
      out.onCompleted();
    }
  }

  private static final class Version extends VersionGrpc.VersionImplBase {
    @Override
    public void version(
        Empty request, StreamObserver<VersionResponse> out) {
      out.onNext(VersionResponse.newBuilder().setVersion("test").build());
      out.onCompleted();
    }
  }

  private static final class Events extends EventsGrpc.EventsImplBase {
    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<Envelope> out) {
      for (String f : request.getFiltersList()) {
        out.onNext(Envelope.newBuilder().setTopic(f).build());
      }
      out.onCompleted();
    }
  }
}
