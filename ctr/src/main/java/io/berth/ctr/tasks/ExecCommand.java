package io.berth.ctr.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.anys.Anys;
import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.errors.UnknownException;
import io.berth.api.services.containers.v1.Container;
import io.berth.ctr.Session;
import io.berth.ctr.cio.ProcessIo;
import io.berth.ctr.flows.ContainerFlows;
import io.berth.ctr.flows.TaskFlows;
import io.berth.ctr.flows.TaskFlows.ExitStatus;
import io.berth.ctr.format.GoJson;
import io.berth.ctr.posix.Terminal;
import io.berth.ctr.spec.GoRoundTrip;
import io.berth.ctr.spec.OciSchema;
import io.berth.ctr.spec.Users;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth tasks exec}: runs another process in a running task, as {@code ctr tasks exec}: the
 * container's process spec with the given arguments (and cwd, user, terminal), {@code Tasks.Exec},
 * {@code Tasks.Wait}, {@code Tasks.Start}, then {@code Tasks.DeleteProcess} once it exits. The
 * exit status is the process's.
 */
@Command(
    name = "exec",
    description = "execute additional processes in an existing container",
    footer = "Options end at the first argument; the rest is the process's command line.")
public final class ExecCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParentCommand TasksCommand tasks;

  @Option(names = "--cwd", description = "working directory of the new process")
  String cwd;

  @Option(names = {"-t", "--tty"}, description = "allocate a TTY for the container")
  boolean tty;

  @Option(names = {"-d", "--detach"}, description = "detach from the task after it has started execution")
  boolean detach;

  @Option(names = "--exec-id", required = true, description = "exec specific id for the process")
  String execId;

  @Option(names = "--fifo-dir", description = "directory used for storing IO FIFOs (default: " + Stdio.DEFAULT_FIFO_DIR + ")")
  String fifoDir;

  @Option(names = "--log-uri", description = "log uri for custom shim logging")
  String logUri;

  @Option(names = "--user", description = "user id or name")
  String user;

  @Parameters(paramLabel = "CONTAINER CMD [ARG...]", arity = "0..*")
  List<String> args;

  @Override
  public Integer call() throws InterruptedException {
    List<String> a = args == null ? List.of() : args;
    String id = a.isEmpty() ? "" : a.getFirst();
    TasksCommand.requireId(id);
    Session session = tasks.berth().session();
    Stubs stubs = session.stubs();
    ContainerFlows.load(stubs, id);
    ObjectNode spec = spec(ContainerFlows.load(stubs, id));
    ObjectNode process = spec.withObjectProperty("process");
    if (user != null && !user.isEmpty()) {
      Container info = ContainerFlows.load(stubs, id);
      if (!info.getSnapshotter().isEmpty() || !info.getSnapshotKey().isEmpty()) {
        throw new NotImplementedException("--user for a container with a snapshot");
      }
      Users.Ids ids = Users.resolve(user, spec.path("root").path("path").asText(""));
      ObjectNode u = process.withObjectProperty("user");
      u.put("uid", ids.uid()).put("gid", ids.gid());
      u.putArray("additionalGids").add(ids.gid());
    }
    process.put("terminal", tty);
    ArrayNode argv = process.putArray("args");
    a.subList(1, a.size()).forEach(argv::add);
    if (cwd != null && !cwd.isEmpty()) {
      process.put("cwd", cwd);
    }
    byte[] processJson =
        GoJson.compact(GoRoundTrip.apply(process, OciSchema.PROCESS_SPEC)).getBytes(StandardCharsets.UTF_8);
    String taskId = TaskFlows.load(stubs, id).getId();
    if (tty && logUri != null && !logUri.isEmpty()) {
      throw new UnknownException("can't use log-uri with tty");
    }
    if (logUri != null && !logUri.isEmpty() && fifoDir != null && !fifoDir.isEmpty()) {
      throw new UnknownException("can't use log-uri with fifo-dir");
    }
    Terminal console = null;
    ProcessIo io = null;
    boolean added = false;
    try {
      if (tty) {
        console = Stdio.rawConsole(session.io());
      }
      if (execId.isEmpty()) {
        throw new io.berth.api.errors.InvalidArgumentException("exec id must not be empty");
      }
      io = Stdio.create(session.io(), console, false, logUri, fifoDir, execId);
      CountDownLatch execDone = new CountDownLatch(1);
      boolean[] exists = {false};
      io.onStdinClosed(closer(execDone, exists, stubs, taskId, execId));
      io.start();
      try {
        TaskFlows.exec(stubs, taskId, execId, Anys.pack(Anys.OCI_PROCESS, processJson), io.fifos());
        exists[0] = true;
      } catch (RuntimeException e) {
        io.close();
        throw e;
      } finally {
        execDone.countDown();
      }
      added = !detach;
      CompletableFuture<ExitStatus> exit = TaskFlows.waitFor(stubs, taskId, execId);
      try {
        TaskFlows.start(stubs, taskId, execId);
      } catch (RuntimeException e) {
        io.close();
        throw e;
      }
      if (detach) {
        io.cancel();
        return 0;
      }
      return new Foreground(session, stubs, taskId, execId).follow(exit, io, console);
    } finally {
      if (added) {
        try {
          TaskFlows.deleteProcess(stubs, taskId, execId);
        } catch (BerthException ignored) {
          // ctr's deferred process.Delete ignores its error
        }
        io.close();
      }
      Stdio.reset(console);
    }
  }

  /**
   * The closer run when standard input ends: {@code Tasks.CloseIO}, once the process it names
   * exists (the RPC that makes it has returned successfully).
   */
  static Runnable closer(CountDownLatch made, boolean[] exists, Stubs stubs, String containerId, String execId) {
    return () -> {
      try {
        made.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (exists[0]) {
        TaskFlows.closeStdin(stubs, containerId, execId);
      }
    };
  }

  /** {@code container.Spec}: the container's spec JSON, whatever its type URL says. */
  static ObjectNode spec(Container c) {
    try {
      JsonNode n = MAPPER.readTree(c.getSpec().getValue().toByteArray());
      if (n instanceof ObjectNode o) {
        return o;
      }
      return MAPPER.createObjectNode();
    } catch (IOException e) {
      throw new UnknownException(e.getMessage(), e);
    }
  }
}
