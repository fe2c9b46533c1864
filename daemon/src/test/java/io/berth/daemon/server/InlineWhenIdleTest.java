package io.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InlineWhenIdleTest {

  private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1,
      Thread.ofPlatform().name("test-loop").daemon(true).factory(), NioIoHandler.newFactory());
  private final ExecutorService pool =
      Executors.newCachedThreadPool(Thread.ofPlatform().name("test-pool-", 0).factory());
  private final InlineWhenIdle executor = new InlineWhenIdle(loops, pool);

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** The name of the thread that ran a task handed over on the event loop. */
  private String ranOnFromLoop() throws Exception {
    CompletableFuture<String> ran = new CompletableFuture<>();
    loops.next().execute(() -> executor.execute(
        () -> ran.complete(Thread.currentThread().getName())));
    return ran.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aLoneTaskRunsOnTheEventLoop() throws Exception {
    assertThat(ranOnFromLoop()).isEqualTo("test-loop");
    assertThat(ranOnFromLoop()).isEqualTo("test-loop");
  }

  @Test
  void aTaskFromAnotherThreadGoesToThePool() throws Exception {
    CompletableFuture<String> ran = new CompletableFuture<>();
    executor.execute(() -> ran.complete(Thread.currentThread().getName()));
    assertThat(ran.get(10, TimeUnit.SECONDS)).startsWith("test-pool-");
  }

  @Test
  void whileATaskRunsTheNextGoesToThePool() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    executor.execute(() -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOnFromLoop()).startsWith("test-pool-");
    release.countDown();
    // Once the pooled tasks are done, a lone task runs inline again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String thread;
    do {
      thread = ranOnFromLoop();
    } while (!thread.equals("test-loop") && System.nanoTime() < deadline);
    assertThat(thread).isEqualTo("test-loop");
  }
}
