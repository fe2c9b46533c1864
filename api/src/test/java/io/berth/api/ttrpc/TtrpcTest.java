package io.berth.api.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.StatusCodes;
import io.berth.api.ttrpc.wire.Request;
import io.berth.api.ttrpc.wire.Response;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ttrpc's server and client over real unix sockets, and the server against hand-made frames. */
@Timeout(60)
class TtrpcTest {
  private static final String SERVICE = "test.v1.Echo";
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private TtrpcServer server;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  @BeforeEach
  void serve() throws IOException {
    server = TtrpcServer.listen(dir.resolve("s"), null).register(new TtrpcService(SERVICE)
        .method("Echo", StringValue.parser(), (r, c) -> StringValue.of(r.getValue() + "|" + c.first("ns")))
        .method("Gated", StringValue.parser(), (r, c) -> {
          gate.countDown();
          if (!gate.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the calls did not run together");
          }
          return r;
        })
        .method("Missing", StringValue.parser(), (r, c) -> {
          throw new NotFoundException("thing \"" + r.getValue() + "\"", null);
        })
        .method("Big", StringValue.parser(), (r, c) -> StringValue.of("x".repeat(Integer.parseInt(r.getValue()))))
        .method("Sleep", StringValue.parser(), (r, c) -> {
          Thread.sleep(Long.parseLong(r.getValue()));
          return r;
        }));
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close(Duration.ofSeconds(1));
  }

  private static StringValue echo(TtrpcClient c, String method, String value) {
    return c.call(SERVICE, method, StringValue.of(value), StringValue.parser(), LIMIT, Map.of("ns", "default"));
  }

  @Test
  void answersWithTheHandlersResultAndPassesMetadata() {
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      assertThat(echo(c, "Echo", "hi").getValue()).isEqualTo("hi|default");
      assertThat(echo(c, "Echo", "again").getValue()).isEqualTo("again|default");
    }
  }

  @Test
  void unknownServiceOrMethodIsUnimplemented() {
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      assertThatThrownBy(() -> c.call("no.Such", "Echo", StringValue.of("x"), StringValue.parser(), LIMIT, Map.of()))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(StatusCodes.UNIMPLEMENTED);
            assertThat(e.status()).isEqualTo("service no.Such");
            assertThat(e.local()).isFalse();
          });
      assertThatThrownBy(() -> echo(c, "Nope", "x"))
          .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(StatusCodes.UNIMPLEMENTED));
      server.unregister(SERVICE);
      assertThatThrownBy(() -> echo(c, "Echo", "x"))
          .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.status()).isEqualTo("service " + SERVICE));
    }
  }

  @Test
  void aBerthErrorTravelsAsItsCodeAndMessage() {
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      assertThatThrownBy(() -> echo(c, "Missing", "x"))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(StatusCodes.NOT_FOUND);
            assertThat(e.status()).isEqualTo("thing \"x\": not found");
            assertThat(StatusCodes.toBerth(e.code(), e.status(), e))
                .isInstanceOf(NotFoundException.class).hasMessage("thing \"x\": not found");
          });
      assertThat(echo(c, "Echo", "still fine").getValue()).isEqualTo("still fine|default");
    }
  }

  @Test
  void callsOnOneConnectionRunConcurrently() throws Exception {
    int n = 16;
    gate = new CountDownLatch(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      List<Future<StringValue>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String v = "call-" + i;
        answers.add(pool.submit(() -> echo(c, "Gated", v)));
      }
      for (int i = 0; i < n; i++) {
        assertThat(answers.get(i).get(30, TimeUnit.SECONDS).getValue()).isEqualTo("call-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCallThatIsNotAnsweredInTimeIsDeadlineExceeded() {
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      assertThatThrownBy(() -> c.call(SERVICE, "Sleep", StringValue.of("2000"), StringValue.parser(),
          Duration.ofMillis(100), Map.of()))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(StatusCodes.DEADLINE_EXCEEDED);
            assertThat(e.local()).isTrue();
          });
      assertThat(echo(c, "Echo", "after").getValue()).isEqualTo("after|default"); // the late answer is dropped
    }
  }

  @Test
  void anOversizeRequestIsRefusedBeforeItIsSent() {
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      assertThatThrownBy(() -> echo(c, "Echo", "x".repeat(5 << 20)))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(StatusCodes.RESOURCE_EXHAUSTED);
            assertThat(e.local()).isTrue();
          });
      assertThat(echo(c, "Echo", "ok").getValue()).isEqualTo("ok|default");
    }
  }

  @Test
  void anOversizeResponseIsAnErrorNotABrokenConnection() {
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      assertThatThrownBy(() -> echo(c, "Big", Integer.toString(4 << 20)))
          .isInstanceOfSatisfying(TtrpcException.class,
              e -> assertThat(e.code()).isEqualTo(StatusCodes.RESOURCE_EXHAUSTED));
      assertThat(echo(c, "Echo", "ok").getValue()).isEqualTo("ok|default");
    }
  }

  @Test
  void badFramesGetErrorsOnTheirStreamAndTheConnectionGoesOn() throws IOException {
    try (Raw raw = new Raw(server.socket())) {
      byte[] big = new byte[(4 << 20) + 1];
      raw.send(1, 1, big);
      assertThat(raw.receive(1).getStatus().getCode()).isEqualTo(StatusCodes.RESOURCE_EXHAUSTED);

      raw.send(3, 1, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
      Response undecodable = raw.receive(3);
      assertThat(undecodable.getStatus().getCode()).isEqualTo(StatusCodes.INVALID_ARGUMENT);
      assertThat(undecodable.getStatus().getMessage()).startsWith("cannot decode the request");

      raw.send(4, 1, request("Echo", "even").toByteArray());
      assertThat(raw.receive(4).getStatus().getMessage()).contains("stream id 4 is even");

      raw.send(5, 9, new byte[] {1, 2, 3}); // an unknown type: ignored
      raw.send(7, 1, request("Echo", "fine").toByteArray());
      Response fine = raw.receive(7);
      assertThat(fine.getStatus().getCode()).isZero();
      assertThat(StringValue.parseFrom(fine.getPayload()).getValue()).isEqualTo("fine|null");
    }
  }

  @Test
  void aTruncatedFrameEndsOnlyItsConnection() throws IOException {
    try (Raw raw = new Raw(server.socket())) {
      ByteBuffer b = ByteBuffer.allocate(14).putInt(100).putInt(1).put((byte) 1).put((byte) 0).putInt(7).flip();
      raw.ch.write(b);
    }
    try (TtrpcClient c = TtrpcClient.connect(server.socket())) {
      assertThat(echo(c, "Echo", "next").getValue()).isEqualTo("next|default");
    }
  }

  @Test
  void aLostServerFailsCallsAsUnreachable() throws Exception {
    TtrpcClient c = TtrpcClient.connect(server.socket());
    Future<?> waiting = Executors.newVirtualThreadPerTaskExecutor().submit(() -> echo(c, "Sleep", "30000"));
    Thread.sleep(200);
    server.close(Duration.ZERO);
    assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TtrpcException.class)
        .satisfies(e -> assertThat(((TtrpcException) e.getCause()).unreachable()).isTrue());
    assertThat(c.isOpen()).isFalse();
    assertThatThrownBy(() -> echo(c, "Echo", "x"))
        .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.unreachable()).isTrue());
    assertThat(server.socket()).doesNotExist();
    assertThatThrownBy(() -> TtrpcClient.connect(server.socket()))
        .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.unreachable()).isTrue());
  }

  @Test
  void aSocketWithAModeIsBornWithIt() throws Exception {
    Path s = dir.resolve("moded.ttrpc");
    TtrpcServer moded = TtrpcServer.listen(s, PosixFilePermissions.fromString("rw-rw----"))
        .register(new TtrpcService(SERVICE).method("Echo", StringValue.parser(), (r, c) -> r));
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s))).isEqualTo("rw-rw----");
      assertThat(dir.resolve("moded.ttrpc.binding")).doesNotExist();
      try (TtrpcClient c = TtrpcClient.connect(s)) {
        assertThat(echo(c, "Echo", "m").getValue()).isEqualTo("m");
      }
    } finally {
      moded.close(Duration.ofSeconds(1));
    }
    assertThat(s).doesNotExist();
  }

  private static Request request(String method, String value) {
    return Request.newBuilder().setService(SERVICE).setMethod(method)
        .setPayload(StringValue.of(value).toByteString()).build();
  }

  /** A connection that sends whatever frames a test makes. */
  private static final class Raw implements AutoCloseable {
    final SocketChannel ch;

    Raw(Path socket) throws IOException {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
    }

    void send(int streamId, int type, byte[] payload) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(10 + payload.length);
      b.putInt(payload.length).putInt(streamId).put((byte) type).put((byte) 0).put(payload).flip();
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }

    Response receive(int streamId) throws IOException {
      ByteBuffer h = ByteBuffer.allocate(10);
      fill(h);
      h.flip();
      int length = h.getInt();
      assertThat(h.getInt()).isEqualTo(streamId);
      assertThat(h.get()).isEqualTo((byte) 2);
      ByteBuffer p = ByteBuffer.allocate(length);
      fill(p);
      return Response.parseFrom(p.array());
    }

    private void fill(ByteBuffer b) throws IOException {
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) {
          throw new IOException("closed");
        }
      }
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
