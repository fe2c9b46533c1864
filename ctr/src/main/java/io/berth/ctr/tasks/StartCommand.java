package io.berth.ctr.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.api.client.Stubs;
import io.berth.ctr.Session;
import io.berth.ctr.flows.ContainerFlows;
import java.util.concurrent.Callable;
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
    JsonNode spec = ExecCommand.spec(ContainerFlows.load(stubs, id));
    boolean tty = spec.path("process").path("terminal").asBoolean(false);
    return new TaskLaunch(tty, detach, nullIo, logUri, fifoDir).run(session, stubs, id);
  }
}
