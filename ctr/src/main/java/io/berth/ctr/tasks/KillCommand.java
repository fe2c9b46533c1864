package io.berth.ctr.tasks;

import io.berth.api.client.Stubs;
import io.berth.api.errors.UnknownException;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.types.task.Process;
import io.berth.ctr.ExitCodes;
import io.berth.ctr.flows.ContainerFlows;
import io.berth.ctr.flows.TaskFlows;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth tasks kill}: signals a task or one of its exec processes, as {@code ctr tasks kill}:
 * {@code Containers.Get}, the stop signal from the container's labels when none is given (default
 * SIGTERM), {@code Tasks.Get}, {@code Tasks.Kill}.
 */
@Command(name = "kill", description = "signal a container (default: SIGTERM)")
public final class KillCommand implements Callable<Integer> {

  /** The label an image's stop signal is kept under ({@code containerd.GetStopSignal}). */
  public static final String STOP_SIGNAL_LABEL = "io.containerd.image.config.stop-signal";

  @ParentCommand TasksCommand tasks;

  @Option(names = {"-s", "--signal"}, description = "signal to send to the container")
  String signal;

  @Option(names = "--exec-id", description = "process ID to kill")
  String execId;

  @Option(names = "--all", description = "send signal to all processes inside the container (also -a)")
  boolean all;

  @Parameters(paramLabel = "CONTAINER", arity = "0..1")
  String id;

  @Override
  public Integer call() {
    TasksCommand.requireId(id);
    String exec = execId == null ? "" : execId;
    if (all && !exec.isEmpty()) {
      throw new UnknownException("specify an exec-id or all; not both");
    }
    Stubs stubs = tasks.berth().session().stubs();
    Container c = ContainerFlows.load(stubs, id);
    int sig;
    if (signal != null && !signal.isEmpty()) {
      sig = Signals.parse(signal);
    } else {
      String label = ContainerFlows.load(stubs, id).getLabelsMap().get(STOP_SIGNAL_LABEL);
      sig = label == null ? Signals.SIGTERM : Signals.parse(label);
    }
    Process task = TaskFlows.load(stubs, c.getId());
    TaskFlows.kill(stubs, task.getId(), exec, sig, all);
    return ExitCodes.OK;
  }

  /**
   * Gives {@code -a} to {@code kill --all}, as ctr does: the inherited global {@code -a/--address}
   * keeps only its long name in that one command.
   */
  public static void takeShortAll(CommandLine kill) {
    CommandSpec spec = kill.getCommandSpec();
    OptionSpec address = spec.findOption("--address");
    OptionSpec all = spec.findOption("--all");
    if (address == null || all == null) {
      throw new IllegalStateException("kill has no --address or --all option");
    }
    spec.remove(address);
    spec.remove(all);
    spec.addOption(OptionSpec.builder(address).names("--address").build());
    spec.addOption(OptionSpec.builder(all).names("-a", "--all").description("send signal to all processes inside the container").build());
  }

}
