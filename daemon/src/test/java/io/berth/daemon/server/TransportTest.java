package io.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.protobuf.Empty;
import io.berth.api.client.BerthClient;
import io.berth.api.client.DirectChannel;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.berth.api.services.version.v1.VersionGrpc;
import io.berth.api.services.version.v1.VersionResponse;
import io.grpc.stub.StreamObserver;
import io.netty.channel.uring.IoUring;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server answers over each transport, its event loops polling or not: unary calls from both
 * clients, and a stream.
 */
class TransportTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"EPOLL, 0", "EPOLL, 2000000", "IO_URING, 0", "IO_URING, 2000000"})
  void servesUnaryCallsAndStreams(Transport transport, long pollNanos) throws Exception {
    if (transport == Transport.IO_URING) {
      assumeThat(IoUring.isAvailable()).as("io_uring usable on this host").isTrue();
    }
    Path socket = dir.resolve("t.sock");
    try (UnixSocketServer server = UnixSocketServer.start(socket, b -> {
          b.addService(new Version());
          b.addService(new Events());
        }, (method, headers) -> CallThread.VIRTUAL, transport, pollNanos);
        BerthClient grpc = BerthClient.connect(socket);
        BerthClient direct = BerthClient.over(DirectChannel.connect(socket))) {
      int call = 0;
      for (BerthClient c : new BerthClient[] {grpc, direct}) {
        for (int i = 0; i < 50; i++, call++) {
          assertThat(c.stubs().version().version(Empty.getDefaultInstance()).getVersion())
              .hasSize(Version.length(call)).startsWith("vx");
        }
      }
      Iterator<Envelope> events =
          grpc.stubs().events().subscribe(SubscribeRequest.getDefaultInstance());
      for (int i = 0; i < 3; i++) {
        assertThat(events.next().getTopic()).isEqualTo("/t/" + i);
      }
    }
  }

  /** Answers a long version every third call, so some answers span many frames. */
  private static final class Version extends VersionGrpc.VersionImplBase {
    private int calls;

    static int length(int call) {
      return call % 3 == 0 ? 100_001 : 2;
    }

    @Override
    public synchronized void version(Empty request, StreamObserver<VersionResponse> out) {
      out.onNext(VersionResponse.newBuilder()
          .setVersion("v" + "x".repeat(length(calls++) - 1)).build());
      out.onCompleted();
    }
  }

  private static final class Events extends EventsGrpc.EventsImplBase {
    @Override
    public void subscribe(SubscribeRequest request,
        StreamObserver<Envelope> out) {
      for (int i = 0; i < 3; i++) {
        out.onNext(Envelope.newBuilder().setTopic("/t/" + i).build());
      }
      out.onCompleted();
    }
  }
}
