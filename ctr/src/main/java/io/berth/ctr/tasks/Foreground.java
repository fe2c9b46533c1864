package io.berth.ctr.tasks;

import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.NotFoundException;
import io.berth.ctr.Session;
import io.berth.ctr.cio.ProcessIo;
import io.berth.ctr.flows.TaskFlows;
import io.berth.ctr.flows.TaskFlows.ExitStatus;
import io.berth.ctr.posix.HostSignals;
import io.berth.ctr.posix.Terminal;
import io.grpc.Context;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client's part while a started process runs in the foreground, as ctr's {@code run}, {@code
 * tasks start}, {@code exec} and {@code attach} do it: with a terminal, the pty follows the local
 * terminal's size (now and on every SIGWINCH); without one, the signals the client receives are
 * forwarded to the process with {@code Tasks.Kill}. Then the exit status is awaited and the
 * process's output drained.
 */
final class Foreground {

  private final Session session;
  private final Stubs stubs;
  private final String containerId;
  private final String execId;

  Foreground(Session session, Stubs stubs, String containerId, String execId) {
    this.session = session;
    this.stubs = stubs;
    this.containerId = containerId;
    this.execId = execId;
  }

  /**
   * Follows the process until {@code exit} completes; returns its exit status (or throws the
   * error that ended the wait). {@code console} is the local terminal when the process has one.
   */
  int follow(CompletableFuture<ExitStatus> exit, ProcessIo io, Terminal console) throws InterruptedException {
    HostSignals signals = null;
    Thread forwarder = null;
    try {
      if (console != null) {
        signals = resizeWithTerminal(console);
      } else if (session.io().process()) {
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        signals = HostSignals.catching(HostSignals.FORWARDED, queue::offer);
        forwarder = Thread.ofVirtual().name("berth-signals").start(Context.current().wrap(() -> forward(queue)));
      }
      ExitStatus status;
      try {
        status = exit.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      if (io != null) {
        io.awaitOutput();
      }
      return status.result();
    } finally {
      if (signals != null) {
        signals.close();
      }
      if (forwarder != null) {
        forwarder.interrupt();
      }
    }
  }

  // HandleConsoleResize: the current size now, then again on each SIGWINCH
  private HostSignals resizeWithTerminal(Terminal console) {
    Terminal.Size size;
    try {
      size = console.size();
    } catch (IOException e) {
      session.logError("console resize", e);
      return null;
    }
    resize(size);
    if (!session.io().process()) {
      return null;
    }
    Context ctx = Context.current();
    return HostSignals.catching(
        List.of("WINCH"),
        sig ->
            Thread.ofVirtual()
                .start(
                    ctx.wrap(
                        () -> {
                          try {
                            resize(console.size());
                          } catch (IOException e) {
                            session.logError("get pty size", e);
                          }
                        })));
  }

  private void resize(Terminal.Size size) {
    try {
      TaskFlows.resize(stubs, containerId, execId, size.width(), size.height());
    } catch (BerthException e) {
      session.logError("resize pty", e);
    }
  }

  // ForwardAllSignals: each signal becomes a Tasks.Kill; a process that is gone ends the forwarding
  private void forward(LinkedBlockingQueue<Integer> queue) {
    try {
      while (true) {
        int sig = queue.take();
        try {
          TaskFlows.kill(stubs, containerId, execId, sig, false);
        } catch (NotFoundException gone) {
          return;
        } catch (BerthException e) {
          session.logError("forward signal " + Signals.describe(sig), e);
        }
      }
    } catch (InterruptedException done) {
      Thread.currentThread().interrupt();
    }
  }
}
