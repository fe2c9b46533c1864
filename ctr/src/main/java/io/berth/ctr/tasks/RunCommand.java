package io.berth.ctr.tasks;

import io.berth.api.anys.Anys;
import io.berth.api.client.Stubs;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.errors.UnknownException;
import io.berth.api.runc.v1.Options;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.images.v1.GetImageRequest;
import io.berth.ctr.Berth;
import io.berth.ctr.Session;
import io.berth.ctr.args.KeyValues;
import io.berth.ctr.flows.ContainerFlows;
import io.berth.ctr.spec.Capabilities;
import io.berth.ctr.spec.GoPaths;
import io.berth.ctr.spec.HostDevices;
import io.berth.ctr.spec.SeccompProfile;
import io.berth.ctr.spec.SpecBuilder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth run}: creates a container and its task and runs it, as {@code ctr run} does with
 * {@code --rootfs}: the container under a lease, FIFOs made by the client, {@code Tasks.Create},
 * {@code Tasks.Wait} started before {@code Tasks.Start}, standard input copied in (with {@code
 * Tasks.CloseIO} at its end) and output copied out, signals forwarded, then the task deleted (and
 * with {@code --rm} the container). The exit status is the task's.
 */
@Command(
    name = "run",
    description = "run a container",
    footer = "Options end at the first argument; the rest is the container's command line.")
public final class RunCommand implements Callable<Integer> {

  /** The runtime ctr uses when {@code --runtime} is not given. */
  public static final String DEFAULT_RUNTIME = "io.containerd.runc.v2";

  /** The CPU shares ctr's {@code run} sets unless told otherwise. */
  public static final long DEFAULT_CPU_SHARES = 1024;

  @ParentCommand Berth berth;

  @Option(names = "--rm", description = "remove the container after running, cannot be used with --detach")
  boolean rm;

  @Option(names = {"-d", "--detach"}, description = "detach from the task after it has started execution, cannot be used with --rm")
  boolean detach;

  @Option(names = {"-t", "--tty"}, description = "allocate a TTY for the container")
  boolean tty;

  @Option(names = "--null-io", description = "send all IO to /dev/null")
  boolean nullIo;

  @Option(names = "--log-uri", description = "log uri")
  String logUri;

  @Option(names = "--fifo-dir", description = "directory used for storing IO FIFOs (default: " + Stdio.DEFAULT_FIFO_DIR + ")")
  String fifoDir;

  @Option(names = "--rootfs", description = "use custom rootfs that is not managed by the snapshotter: the first argument is its directory")
  boolean rootfs;

  @Option(names = "--env", paramLabel = "KEY=VALUE", description = "specify additional container environment variables (e.g. FOO=bar)")
  List<String> env;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "specify additional labels (e.g. foo=bar)")
  List<String> labels;

  @Option(names = "--annotation", paramLabel = "KEY=VALUE", description = "specify additional OCI annotations (e.g. foo=bar)")
  List<String> annotations;

  @Option(names = "--cwd", description = "specify the working directory of the process")
  String cwd;

  @Option(names = "--runtime", defaultValue = DEFAULT_RUNTIME, description = "runtime name (default: ${DEFAULT-VALUE})")
  String runtime;

  @Option(names = "--runc-binary", description = "specify runc-compatible binary")
  String runcBinary;

  @Option(names = "--runc-root", description = "specify runc-compatible root")
  String runcRoot;

  @Option(names = "--read-only", description = "set the containers filesystem as readonly")
  boolean readOnly;

  @Option(names = "--privileged", description = "run privileged container")
  boolean privileged;

  @Option(names = "--seccomp", description = "enable the default seccomp profile")
  boolean seccomp;

  @Option(names = "--memory-limit", paramLabel = "BYTES", description = "memory limit (in bytes) for the container")
  long memoryLimit;

  @Option(names = "--cpu-shares", defaultValue = "1024", description = "set the cpu shares (default: ${DEFAULT-VALUE})")
  long cpuShares;

  @Parameters(paramLabel = "RootFS ID [COMMAND] [ARG...]", arity = "0..*")
  List<String> args;

  @Override
  public Integer call() throws InterruptedException {
    List<String> a = args == null ? List.of() : args;
    String ref = a.isEmpty() ? "" : a.get(0);
    String id = a.size() > 1 ? a.get(1) : "";
    if (ref.isEmpty()) {
      throw new UnknownException("image ref must be provided");
    }
    if (id.isEmpty()) {
      throw new UnknownException("container id must be provided");
    }
    if (rm && detach) {
      throw new UnknownException("flags --detach and --rm cannot be specified together");
    }
    Session session = berth.session();
    Stubs stubs = session.stubs();
    Container container = container(session, stubs, ref, id, a.subList(2, a.size()));
    ContainerFlows.create(stubs, container, berth.io().clock().instant(), berth.io().zone());
    try {
      return new TaskLaunch(tty, detach, nullIo, logUri, fifoDir).run(session, stubs, id);
    } finally {
      if (rm && !detach) {
        try {
          ContainerFlows.delete(stubs, id, true);
        } catch (BerthException ignored) {
          // as ctr's deferred container.Delete
        }
      }
    }
  }

  /** The container ctr's {@code run} creates: the spec of {@code NewContainer} and the runtime. */
  Container container(Session session, Stubs stubs, String ref, String id, List<String> command) {
    Map<String, String> labelMap = KeyValues.labels(orEmpty(labels));
    if (!rootfs) {
      Session.call(() -> stubs.images().get(GetImageRequest.newBuilder().setName(ref).build()));
      throw new NotImplementedException("running a container from an image (use --rootfs)");
    }
    byte[] spec = spec(session.namespace(), id, GoPaths.abs(ref, berth.io().cwd()), command, labelMap).json();
    Container.Runtime.Builder rt = Container.Runtime.newBuilder().setName(runtime);
    if (runtime.equals(DEFAULT_RUNTIME)) {
      Options.Builder o = Options.newBuilder();
      if (runcBinary != null) {
        o.setBinaryName(runcBinary);
      }
      if (runcRoot != null) {
        o.setRoot(runcRoot);
      }
      rt.setOptions(Anys.pack(o.build()));
    } else if (runcBinary != null && !runcBinary.isEmpty()) {
      throw new UnknownException(
          "specifying runc-binary and runc-systemd-cgroup is only supported for \"" + DEFAULT_RUNTIME + "\" runtime");
    }
    return Container.newBuilder()
        .setId(id)
        .putAllLabels(labelMap)
        .setRuntime(rt)
        .setSpec(Anys.pack(Anys.OCI_SPEC, spec))
        .build();
  }

  /** The spec, with the options in the order ctr's {@code NewContainer} applies them. */
  SpecBuilder spec(String namespace, String id, String rootfsPath, List<String> command, Map<String, String> labelMap) {
    SpecBuilder spec = SpecBuilder.defaults(namespace, id).env(orEmpty(env)).rootfs(rootfsPath);
    if (readOnly) {
      spec.readonlyRootfs();
    }
    if (!command.isEmpty()) {
      spec.args(command);
    }
    if (cwd != null && !cwd.isEmpty()) {
      spec.cwd(cwd);
    }
    if (tty) {
      spec.tty();
    }
    if (privileged) {
      try {
        spec.privileged(Capabilities.current(), HostDevices.host());
      } catch (IOException e) {
        throw new UnknownException(e.getMessage(), e);
      }
    }
    Map<String, String> annotationMap = KeyValues.annotations(orEmpty(annotations));
    if (!annotationMap.isEmpty()) {
      spec.annotations(annotationMap);
    }
    if (seccomp) {
      spec.seccomp(SeccompProfile.forHost(spec.boundingCapabilities()));
    }
    if (cpuShares > 0) {
      spec.cpuShares(cpuShares);
    }
    if (memoryLimit != 0) {
      spec.memoryLimit(memoryLimit);
    }
    spec.annotations(labelMap);
    return spec;
  }


  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
