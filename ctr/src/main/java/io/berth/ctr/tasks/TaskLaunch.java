package io.berth.ctr.tasks;

import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.types.task.Process;
import io.berth.ctr.Session;
import io.berth.ctr.cio.ProcessIo;
import io.berth.ctr.flows.TaskFlows;
import io.berth.ctr.flows.TaskFlows.ExitStatus;
import io.berth.ctr.posix.Terminal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Creates and starts the task of an existing container with client-made IO, as {@code ctr run}
 * and {@code ctr tasks start} both do: {@code Tasks.Wait} is opened before {@code Tasks.Start};
 * in the foreground the output is followed to the exit and the task is deleted (a second,
 * error-ignoring Delete runs on every way out, like ctr's deferred one); detached, the FIFOs are
 * left for a later attach.
 *
 * @param nullIo send all IO to /dev/null
 * @param logUri a log URI instead of FIFOs, or null
 * @param fifoDir where the FIFOs are made, or null for the default
 */
record TaskLaunch(boolean tty, boolean detach, boolean nullIo, String logUri, String fifoDir) {

  /** Runs the task of container {@code id}; the exit status in the foreground, 0 detached. */
  int run(Session session, Stubs stubs, String id) throws InterruptedException {
    Terminal console = null;
    ProcessIo io = null;
    int pid = 0;
    boolean created = false;
    try {
      if (tty) {
        console = Stdio.rawConsole(session.io());
      }
      io = Stdio.create(session.io(), console, nullIo, logUri, fifoDir, id);
      CountDownLatch createDone = new CountDownLatch(1);
      boolean[] exists = {false};
      io.onStdinClosed(ExecCommand.closer(createDone, exists, stubs, id, ""));
      io.start();
      try {
        pid = TaskFlows.create(stubs, id, io.fifos());
        exists[0] = true;
      } catch (RuntimeException e) {
        io.close();
        throw e;
      } finally {
        createDone.countDown();
      }
      created = true;
      CompletableFuture<ExitStatus> exit = detach ? null : TaskFlows.waitFor(stubs, id, "");
      try {
        pid = TaskFlows.start(stubs, id, "");
      } catch (RuntimeException e) {
        io.close();
        throw e;
      }
      if (detach) {
        io.cancel(); // the FIFOs stay for a later attach
        return 0;
      }
      int code = new Foreground(session, stubs, id, "").follow(exit, io, console);
      TaskFlows.delete(stubs, process(id, pid), io::close);
      return code;
    } finally {
      if (created && !detach) {
        ProcessIo done = io;
        try {
          TaskFlows.delete(stubs, process(id, pid), done::close);
        } catch (BerthException ignored) {
          // already deleted, or still running: ctr ignores this second attempt's error too
        }
      }
      Stdio.reset(console);
    }
  }

  private static Process process(String id, int pid) {
    return Process.newBuilder().setId(id).setPid(pid).build();
  }
}
