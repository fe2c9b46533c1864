package io.berth.ctr.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.types.task.Process;
import io.berth.ctr.Session;
import io.berth.ctr.cio.ProcessIo;
import io.berth.ctr.flows.ContainerFlows;
import io.berth.ctr.flows.TaskFlows;
import io.berth.ctr.flows.TaskFlows.ExitStatus;
import io.berth.ctr.posix.Terminal;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth tasks start}: creates and starts the task of an existing container, as {@code ctr
 * tasks start}; a terminal if the container's spec asks for one; in the foreground unless {@code
 * -d}. The exit status is the task's.
 */
@Command(name = "start", description = "start a container that has been created")
public final class StartCommand implements Callable<Integer> {

  @ParentCommand TasksCommand tasks;

  @Option(names = "--null-io", description = "send all IO to /dev/null")
  boolean nullIo;

  @Option(names = "--log-uri", description = "log uri")
  String logUri;

  @Option(names = "--fifo-dir", description = "directory used for storing IO FIFOs (default: " + Stdio.DEFAULT_FIFO_DIR + ")")
  String fifoDir;

  @Option(names = {"-d", "--detach"}, description = "detach from the task after it has started execution")
  boolean detach;

  @Parameters(paramLabel = "CONTAINER", arity = "0..1")
  String id;

  @Override
  public Integer call() throws InterruptedException {
    TasksCommand.requireId(id);
    Session session = tasks.berth().session();
    Stubs stubs = session.stubs();
    ContainerFlows.load(stubs, id);
    JsonNode spec = ExecCommand.spec(ContainerFlows.load(stubs, id));
    boolean tty = spec.path("process").path("terminal").asBoolean(false);
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
        io.cancel();
        return 0;
      }
      int code = new Foreground(session, stubs, id, "").follow(exit, io, console);
      TaskFlows.delete(stubs, Process.newBuilder().setId(id).setPid(pid).build(), io::close);
      return code;
    } finally {
      if (created && !detach) {
        ProcessIo done = io;
        try {
          TaskFlows.delete(stubs, Process.newBuilder().setId(id).setPid(pid).build(), done::close);
        } catch (BerthException ignored) {
          // ctr's deferred second Delete: already gone, or still running
        }
      }
      Stdio.reset(console);
    }
  }
}
