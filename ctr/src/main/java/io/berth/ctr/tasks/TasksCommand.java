package io.berth.ctr.tasks;

import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.tasks.v1.DeleteResponse;
import io.berth.api.types.Metric;
import io.berth.api.types.task.Process;
import io.berth.api.types.task.ProcessInfo;
import io.berth.ctr.Berth;
import io.berth.ctr.ExitCodes;
import io.berth.ctr.Session;
import io.berth.ctr.flows.ContainerFlows;
import io.berth.ctr.flows.TaskFlows;
import io.berth.ctr.flows.TaskFlows.ExitStatus;
import io.berth.ctr.format.JsonRecords;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth tasks}: list, inspect, signal, pause, resume, measure and delete tasks, as {@code
 * ctr tasks}; {@code start}, {@code exec}, {@code attach} and {@code kill} are their own classes.
 */
@Command(
    name = "tasks",
    aliases = {"t", "task"},
    description = "manage tasks",
    subcommands = {StartCommand.class, ExecCommand.class, AttachCommand.class, KillCommand.class})
public final class TasksCommand implements java.util.concurrent.Callable<Integer> {

  @ParentCommand Berth berth;

  @Override
  public Integer call() {
    CommandLine.usage(this, berth.io().out());
    return ExitCodes.OK;
  }

  @Command(name = "list", aliases = "ls", description = "list tasks")
  int list(@Option(names = {"-q", "--quiet"}, description = "print only the task id") boolean quiet) {
    List<Process> tasks = TaskFlows.list(berth.session().stubs());
    if (berth.json()) {
      out().print(
          JsonRecords.write(quiet ? tasks.stream().map(Process::getId).toList() : tasks.stream().map(TaskRecords.TaskRecord::of).toList()));
    } else if (quiet) {
      tasks.forEach(t -> out().print(t.getId() + "\n"));
    } else {
      out().print(TaskText.list(tasks));
    }
    return ExitCodes.OK;
  }

  @Command(name = "ps", description = "list processes for container")
  int ps(@Parameters(paramLabel = "CONTAINER", arity = "0..1") String id) {
    requireId(id);
    Stubs stubs = berth.session().stubs();
    ContainerFlows.load(stubs, id);
    Process task = TaskFlows.load(stubs, id);
    List<ProcessInfo> processes = TaskFlows.pids(stubs, task.getId());
    out().print(berth.json() ? JsonRecords.write(TaskRecords.ProcessRecord.of(processes)) : TaskText.processes(processes));
    return ExitCodes.OK;
  }

  @Command(name = "pause", description = "pause an existing container")
  int pause(@Parameters(paramLabel = "CONTAINER", arity = "0..1") String id) {
    Stubs stubs = berth.session().stubs();
    ContainerFlows.load(stubs, orEmpty(id));
    TaskFlows.pause(stubs, TaskFlows.load(stubs, orEmpty(id)).getId());
    return ExitCodes.OK;
  }

  @Command(name = "resume", description = "resume a paused container")
  int resume(@Parameters(paramLabel = "CONTAINER", arity = "0..1") String id) {
    Stubs stubs = berth.session().stubs();
    ContainerFlows.load(stubs, orEmpty(id));
    TaskFlows.resume(stubs, TaskFlows.load(stubs, orEmpty(id)).getId());
    return ExitCodes.OK;
  }

  @Command(name = "metrics", aliases = "metric", description = "get a single data point of metrics for a task")
  int metrics(@Parameters(paramLabel = "CONTAINER", arity = "0..1") String id) {
    Stubs stubs = berth.session().stubs();
    ContainerFlows.load(stubs, orEmpty(id));
    Process task = TaskFlows.load(stubs, orEmpty(id));
    Metric metric = TaskFlows.metrics(stubs, task.getId());
    out().print(berth.json() ? TaskText.metricsJson(metric) : TaskText.metrics(metric));
    return ExitCodes.OK;
  }

  @Command(name = "delete", aliases = {"del", "remove", "rm"}, description = "delete one or more tasks")
  int delete(
      @Option(names = {"-f", "--force"}, description = "force delete task process") boolean force,
      @Option(names = "--exec-id", description = "process ID to delete") String execId,
      @Parameters(paramLabel = "CONTAINER", arity = "0..*") List<String> ids) throws InterruptedException {
    Session s = berth.session();
    s.client(); // ctr connects before it looks at its arguments
    Stubs stubs = s.stubs();
    List<String> targets = ids == null ? List.of() : ids;
    if (execId != null && !execId.isEmpty()) {
      String id = targets.isEmpty() ? "" : targets.getFirst();
      ContainerFlows.load(stubs, id);
      Process task = TaskFlows.load(stubs, id);
      TaskFlows.loadProcess(stubs, task.getId(), execId);
      if (force) {
        kill9(stubs, task.getId(), execId);
      }
      DeleteResponse r = TaskFlows.deleteProcess(stubs, task.getId(), execId);
      if (berth.json()) {
        out().print(JsonRecords.write(List.of(new TaskRecords.DeletedRecord(execId, Integer.toUnsignedLong(r.getExitStatus())))));
      }
      return r.getExitStatus();
    }
    BerthException first = null;
    List<TaskRecords.DeletedRecord> deleted = new ArrayList<>();
    for (String target : targets) {
      Process task;
      try {
        ContainerFlows.load(stubs, target);
        task = TaskFlows.load(stubs, target);
      } catch (BerthException e) {
        first = first == null ? e : first;
        s.logError("failed to load task from " + target, e);
        continue;
      }
      DeleteResponse r;
      try {
        if (force) {
          kill9(stubs, task.getId(), "");
        }
        r = TaskFlows.delete(stubs, task);
      } catch (BerthException e) {
        first = first == null ? e : first;
        s.logError("unable to delete " + task.getId(), e);
        continue;
      }
      deleted.add(new TaskRecords.DeletedRecord(task.getId(), Integer.toUnsignedLong(r.getExitStatus())));
      if (r.getExitStatus() != 0) {
        s.logWarning("task " + task.getId() + " exit with non-zero exit code " + r.getExitStatus());
      }
    }
    if (berth.json()) {
      out().print(JsonRecords.write(deleted));
    }
    if (first != null) {
      throw first;
    }
    return ExitCodes.OK;
  }

  /**
   * {@code WithProcessKill}: waits for the process while sending SIGKILL to all of it; a process
   * already gone (not found) or never started (failed precondition) is fine.
   */
  private static void kill9(Stubs stubs, String containerId, String execId) throws InterruptedException {
    CompletableFuture<ExitStatus> exit = TaskFlows.waitFor(stubs, containerId, execId);
    try {
      TaskFlows.kill(stubs, containerId, execId, Signals.SIGKILL, true);
    } catch (NotFoundException gone) {
      await(exit);
      return;
    } catch (FailedPreconditionException notStarted) {
      exit.cancel(true);
      return;
    }
    await(exit);
  }

  private static void await(CompletableFuture<ExitStatus> exit) throws InterruptedException {
    try {
      exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  static void requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw new UnknownException("container id must be provided");
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  Berth berth() {
    return berth;
  }

  private PrintStream out() {
    return berth.io().out();
  }
}
