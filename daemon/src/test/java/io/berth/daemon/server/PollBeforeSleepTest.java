package io.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When {@link PollBeforeSleep} lets its handler block, driven as an event loop drives it, with a
 * handler that reports how much work each run found (the real handlers are run by
 * {@link TransportTest}).
 */
class PollBeforeSleepTest {

  private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(50);

  /** Records whether each run could block, and answers the work counts it is given. */
  private static final class Recording implements IoHandler {
    final List<Boolean> blocking = new ArrayList<>();
    final Deque<Integer> work = new ArrayDeque<>();

    @Override
    public int run(IoHandlerContext context) {
      blocking.add(context.canBlock());
      Integer n = work.poll();
      return n == null ? 0 : n;
    }

    @Override
    public IoRegistration register(IoHandle handle) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void wakeup() {}

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
      return true;
    }
  }

  private static final IoHandlerContext MAY_BLOCK = new IoHandlerContext() {
    @Override
    public boolean canBlock() {
      return true;
    }

    @Override
    public long delayNanos(long currentTimeNanos) {
      return Long.MAX_VALUE;
    }

    @Override
    public long deadlineNanos() {
      return -1;
    }
  };

  private final List<Recording> made = new ArrayList<>();

  private IoHandler handler(IoHandlerFactory factory) {
    return factory.newHandler(null);
  }

  private IoHandlerFactory polling(long window, int maxPollers) {
    IoHandlerFactory io = executor -> {
      Recording r = new Recording();
      made.add(r);
      return r;
    };
    return PollBeforeSleep.around(io, window, maxPollers);
  }

  @Test
  void aLoopThatHadWorkPollsUntilTheWindowPassesAndThenSleeps() throws Exception {
    IoHandler loop = handler(polling(WINDOW, 1));
    Recording io = made.getFirst();
    loop.run(MAY_BLOCK); // nothing done yet: sleeps
    io.work.add(3);
    loop.run(MAY_BLOCK); // sleeps, then finds work
    loop.run(MAY_BLOCK); // polls
    loop.run(MAY_BLOCK); // polls
    assertThat(io.blocking).containsExactly(true, true, false, false);
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(WINDOW) + 20);
    loop.run(MAY_BLOCK);
    assertThat(io.blocking.getLast()).as("after a whole window without work").isTrue();
  }

  @Test
  void aWindowThatFoundNothingMakesTheLoopRestThoughWorkComesAgain() throws Exception {
    IoHandler loop = handler(polling(WINDOW, 1));
    Recording io = made.getFirst();
    io.work.add(1);
    loop.run(MAY_BLOCK);
    loop.run(MAY_BLOCK); // polls, finds nothing
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(WINDOW) + 20);
    loop.run(MAY_BLOCK); // the window passed while polling: rest
    io.work.add(1);
    loop.run(MAY_BLOCK); // work again, but resting
    loop.run(MAY_BLOCK);
    assertThat(io.blocking).containsExactly(true, false, true, true, true);
  }

  @Test
  void workWithinTheWindowKeepsTheLoopPolling() throws Exception {
    IoHandler loop = handler(polling(WINDOW, 1));
    Recording io = made.getFirst();
    io.work.add(1);
    loop.run(MAY_BLOCK);
    for (int i = 0; i < 4; i++) {
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(WINDOW) / 4);
      io.work.add(1);
      loop.run(MAY_BLOCK);
    }
    assertThat(io.blocking).containsExactly(true, false, false, false, false);
  }

  @Test
  void atMostTheGivenNumberOfLoopsPollAtOnce() {
    IoHandlerFactory factory = polling(WINDOW, 1);
    IoHandler first = handler(factory);
    IoHandler second = handler(factory);
    made.get(0).work.add(1);
    made.get(1).work.add(1);
    first.run(MAY_BLOCK);
    second.run(MAY_BLOCK);
    first.run(MAY_BLOCK); // polls
    second.run(MAY_BLOCK); // may not
    assertThat(made.get(0).blocking).containsExactly(true, false);
    assertThat(made.get(1).blocking).as("the second loop may not poll while the first does")
        .containsExactly(true, true);
    first.destroy(); // gives its turn up
    second.run(MAY_BLOCK);
    assertThat(made.get(1).blocking.getLast()).isFalse();
  }

  @Test
  void aWindowOfZeroLeavesTheHandlerAsItIs() {
    IoHandlerFactory io = executor -> new Recording();
    assertThat(PollBeforeSleep.around(io, 0, 1)).isSameAs(io);
  }
}
