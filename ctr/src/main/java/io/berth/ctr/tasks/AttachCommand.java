package io.berth.ctr.tasks;

import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.types.task.Process;
import io.berth.api.types.task.Status;
import io.berth.ctr.Session;
import io.berth.ctr.cio.FifoSet;
import io.berth.ctr.cio.ProcessIo;
import io.berth.ctr.flows.ContainerFlows;
import io.berth.ctr.flows.TaskFlows;
import io.berth.ctr.posix.Terminal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth tasks attach}: connects to the FIFOs a running task was created with, as {@code ctr
 * tasks attach}, follows it until it exits and then deletes the task. The exit status is the
 * task's.
 */
@Command(name = "attach", description = "attach to the IO of a running container")
public final class AttachCommand implements Callable<Integer> {

  @ParentCommand TasksCommand tasks;

  @Parameters(paramLabel = "CONTAINER", arity = "0..1")
  String id;

  @Override
  public Integer call() throws InterruptedException {
    String cid = id == null ? "" : id;
    Session session = tasks.berth().session();
    Stubs stubs = session.stubs();
    ContainerFlows.load(stubs, cid);
    boolean tty = ExecCommand.spec(ContainerFlows.load(stubs, cid)).path("process").path("terminal").asBoolean(false);
    Terminal console = null;
    ProcessIo io = null;
    Process task = null;
    try {
      if (tty) {
        console = Stdio.rawConsole(session.io());
      }
      task = TaskFlows.load(stubs, cid);
      if (task.getStatus() != Status.UNKNOWN) {
        io = Stdio.attach(session.io(), console, FifoSet.of(task));
        // like ctr's cio.WithStdio: standard input is copied, its end is not reported (no CloseIO)
        io.start();
      }
      return new Foreground(session, stubs, task.getId(), "").follow(TaskFlows.waitFor(stubs, task.getId(), ""), io, console);
    } finally {
      if (task != null) {
        ProcessIo done = io;
        try {
          TaskFlows.delete(stubs, task, () -> {
            if (done != null) {
              done.close();
            }
          });
        } catch (BerthException ignored) {
          // ctr's deferred task.Delete ignores its error
        }
      }
      Stdio.reset(console);
    }
  }
}
