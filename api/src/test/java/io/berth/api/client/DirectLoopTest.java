package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.GetContainerResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@link DirectLoop}'s channels: the contract, and many callers on one thread. */
class DirectLoopTest extends UnaryChannelContract {

  private final DirectLoop loop = DirectLoop.start("test-loop");

  @Override
  ManagedChannel open(Path socket) {
    return loop.connect(socket);
  }

  @AfterEach
  void stop() {
    loop.close();
  }

  @Test
  void chainsOfCallsOnManyChannelsRunOnTheLoopsThread() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket)) {
      List<BerthClient> clients = new ArrayList<>();
      List<CompletableFuture<Integer>> chains = new ArrayList<>();
      Set<String> threads = ConcurrentHashMap.newKeySet();
      for (int c = 0; c < 8; c++) {
        BerthClient client = BerthClient.over(open(socket));
        clients.add(client);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        chains.add(done);
        chain(client, "c" + c + "-", 0, 300, threads, done);
      }
      for (CompletableFuture<Integer> done : chains) {
        assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(300);
      }
      assertThat(threads).containsExactly("test-loop");
      clients.forEach(BerthClient::close);
    }
  }

  /** Gets {@code prefix + i}, and from its answer the next id, until {@code n}. */
  private static void chain(BerthClient client, String prefix, int i, int n, Set<String> threads,
      CompletableFuture<Integer> done) {
    if (i == n) {
      done.complete(n);
      return;
    }
    client.withNamespace("n").containersAsync().withDeadlineAfter(10, TimeUnit.SECONDS)
        .get(GetContainerRequest.newBuilder().setId(prefix + i).build(),
            new StreamObserver<>() {
              @Override
              public void onNext(GetContainerResponse r) {
                threads.add(Thread.currentThread().getName());
                if (!r.getContainer().getId().equals(prefix + i)) {
                  done.completeExceptionally(new AssertionError("wrong answer " + r));
                }
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                chain(client, prefix, i + 1, n, threads, done);
              }
            });
  }

  @Test
  void aFailingListenerLeavesTheLoopServingOthers() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      CompletableFuture<Void> thrown = new CompletableFuture<>();
      client.withNamespace("n").containersAsync().get(
          GetContainerRequest.newBuilder().setId("a").build(), new StreamObserver<>() {
            @Override
            public void onNext(GetContainerResponse r) {
              thrown.complete(null);
              throw new IllegalStateException("a listener that fails");
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      thrown.get(10, TimeUnit.SECONDS);
      assertThat(client.withNamespace("n").containers().withDeadlineAfter(10, TimeUnit.SECONDS)
          .get(GetContainerRequest.newBuilder().setId("b").build()).getContainer().getId())
          .isEqualTo("b");
    }
  }

  @Test
  void closingTheLoopEndsCallsInFlightUnavailable() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (RecordingServer server = RecordingServer.onSocket(socket);
        BerthClient client = BerthClient.over(open(socket))) {
      var slow = CompletableFuture.supplyAsync(() -> client.withNamespace("n").containers()
          .delete(DeleteContainerRequest.newBuilder().setId("3000").build()));
      Thread.sleep(300); // the call waits for the server
      long start = System.nanoTime();
      loop.close();
      assertThatThrownBy(() -> slow.get(2, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StatusRuntimeException.class)
          .cause().satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
              .isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThatThrownBy(() -> client.withNamespace("n").containers()
          .get(GetContainerRequest.newBuilder().setId("late").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  @Test
  void aServerGoneWhileTheChannelIsIdleCostsTheNextCallNothing() throws Exception {
    Path socket = dir.resolve("s.sock");
    try (BerthClient client = BerthClient.over(open(socket))) {
      try (RecordingServer server = RecordingServer.onSocket(socket)) {
        assertThat(get(client, "first")).isEqualTo("first");
      }
      Thread.sleep(200); // the loop sees the connection end while no call is on it
      try (RecordingServer server = RecordingServer.onSocket(socket)) {
        assertThat(get(client, "second")).isEqualTo("second");
      }
    }
  }

  private static String get(BerthClient client, String id) {
    return client.withNamespace("n").containers().withDeadlineAfter(10, TimeUnit.SECONDS)
        .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer().getId();
  }
}
