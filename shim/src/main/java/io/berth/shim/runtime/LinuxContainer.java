package io.berth.shim.runtime;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.validation.Identifiers;
import io.berth.shim.cgroups.Cgroup;
import io.berth.shim.cgroups.Stats;
import io.berth.shim.init.InitPlan;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Resources;
import io.berth.shim.spec.Spec;
import io.berth.shim.sys.Errno;
import io.berth.shim.sys.NamespaceType;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link Container} on Linux: see DESIGN.md, "Running a container without forking the JVM". */
final class LinuxContainer implements Container {
  private static final System.Logger LOG = System.getLogger(LinuxContainer.class.getName());
  private static final int SIGKILL = 9;

  private final String id;
  private final Path bundle;
  private final Spec spec;
  private final SpecPlanner.Planned planned;
  private final NamespaceThread thread;
  private final Optional<Cgroup> cgroup;
  /** The pids limit, applied at start: see {@link #create}. Null for none. */
  private final Long pidsLimit;
  private final StageProcess init;
  private final Map<String, StageProcess> execs = new ConcurrentHashMap<>();
  private final List<AutoCloseable> oomWatches = new java.util.concurrent.CopyOnWriteArrayList<>();
  private ContainerState.Status status = ContainerState.Status.CREATED;
  private boolean destroyed;

  private LinuxContainer(String id, Path bundle, Spec spec, SpecPlanner.Planned planned, NamespaceThread thread,
               Optional<Cgroup> cgroup, Long pidsLimit, StageProcess init) {
    this.id = id;
    this.bundle = bundle;
    this.spec = spec;
    this.planned = planned;
    this.thread = thread;
    this.cgroup = cgroup;
    this.pidsLimit = pidsLimit;
    this.init = init;
    init.exit().whenComplete((s, e) -> exited());
  }

  static Container create(String id, Path bundle, Spec spec, Stdio stdio, CreateOptions options) {
    long tPlan = System.nanoTime();
    SpecPlanner.Planned planned;
    try {
      Identifiers.validate(id);
      if (!bundle.isAbsolute()) {
        throw new InvalidArgumentException("bundle path " + bundle + " must be absolute");
      }
      planned = SpecPlanner.plan(bundle, spec, options.noPivotRoot());
    } catch (RuntimeException e) {
      Sandbox.discard(); // this shim's container will not use it
      throw e;
    }
    Reaper.ensureStarted();
    StageLauncher launcher = StageLauncher.get();
    Optional<Sandbox> sandbox = Sandbox.claim(planned);
    NamespaceThread thread = sandbox.map(Sandbox::thread).orElseGet(() -> new NamespaceThread("berth-ns-" + id));
    Optional<Cgroup> cgroup = Optional.empty();
    try {
      if (sandbox.isEmpty()) {
        thread.callUnchecked(() -> {
          enterNamespaces(planned);
          return null;
        });
      }
      // The stage is a JVM with a dozen threads, unlike runc's init: a small pids limit would
      // stop it from starting its own threads, so the limit is set at start, when the stage
      // (already counted in the cgroup) is about to become the container's single process.
      io.berth.shim.cgroups.Resources resources =
          CgroupResources.of(spec.linux() == null ? null : spec.linux().resources());
      long tCgroup = System.nanoTime();
      if (!planned.cgroupsPath().isEmpty()) {
        io.berth.shim.cgroups.Resources atCreate = new io.berth.shim.cgroups.Resources(
            resources.memory(), resources.cpu(), null, resources.devices());
        cgroup = Optional.of(options.cgroups().isPresent()
            ? Cgroup.create(options.cgroups().get(), planned.cgroupsPath(), atCreate)
            : Cgroup.create(planned.cgroupsPath(), atCreate));
      }
      Optional<Cgroup> cg = cgroup;
      String name = "create container \"" + id + "\"";
      long t0 = System.nanoTime();
      StageProcess init = sandbox.isPresent()
          ? launcher.adopt(sandbox.get().stage(), name, planned.init(), stdio, pid -> cg.ifPresent(c -> c.addProcess(pid)))
          : launcher.launch(thread, name, planned.init(), stdio, pid -> cg.ifPresent(c -> c.addProcess(pid)));
      LOG.log(System.Logger.Level.INFO, name + ": " + (sandbox.isPresent() ? "prepared sandbox" : "cold")
          + " stage " + init.pid() + " ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms (plan "
          + (tCgroup - tPlan) / 1_000_000 + " ms, cgroup " + (t0 - tCgroup) / 1_000_000 + " ms)");
      try {
        // prestart (deprecated) and createRuntime run in the runtime's namespaces once the
        // container's exist: dockerd's libnetwork-setkey sets up its network here
        String state = HookRunner.state(id, "created", init.pid(), bundle);
        HookRunner.run("prestart", spec.hooks().prestart(), state, bundle);
        HookRunner.run("createRuntime", spec.hooks().createRuntime(), state, bundle);
      } catch (RuntimeException e) {
        init.abandon();
        init.kill(SIGKILL);
        throw e;
      }
      return new LinuxContainer(id, bundle, spec, planned, thread, cgroup, resources.pidsLimit(), init);
    } catch (RuntimeException | Error e) {
      sandbox.ifPresent(sb -> sb.stage().discard());
      cgroup.ifPresent(Cgroup::destroy);
      thread.close();
      throw e;
    }
  }

  private static void enterNamespaces(SpecPlanner.Planned planned) {
    try {
      for (Map.Entry<NamespaceType, Path> j : planned.threadJoin().entrySet()) {
        Syscalls.setns(j.getValue(), j.getKey());
      }
      if (!planned.threadUnshare().isEmpty()) {
        Syscalls.unshare(planned.threadUnshare());
      }
      if (planned.threadUnshare().contains(NamespaceType.NETWORK)) {
        Syscalls.loopbackUp();
      }
    } catch (SyscallException e) {
      throw new UnknownException("enter namespaces: " + e.getMessage(), e);
    }
  }

  private synchronized void exited() {
    status = ContainerState.Status.STOPPED;
    thread.close();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Path bundle() {
    return bundle;
  }

  @Override
  public ContainerProcess init() {
    return init;
  }

  @Override
  public long start() {
    synchronized (this) {
      if (status != ContainerState.Status.CREATED || destroyed) {
        throw new FailedPreconditionException("container \"" + id + "\" is " + statusText()
            + ", cannot start it");
      }
    }
    if (pidsLimit != null && cgroup.isPresent()) {
      cgroup.get().update(new io.berth.shim.cgroups.Resources(null, null, pidsLimit, List.of()));
    }
    init.start("start container \"" + id + "\"");
    synchronized (this) {
      if (status == ContainerState.Status.CREATED) {
        status = ContainerState.Status.RUNNING;
      }
    }
    if (!spec.hooks().poststart().isEmpty()) {
      try {
        HookRunner.run("poststart", spec.hooks().poststart(), HookRunner.state(id, "running", init.pid(), bundle),
            bundle);
      } catch (RuntimeException e) {
        kill(SIGKILL, true);
        throw e;
      }
    }
    return init.pid();
  }

  @Override
  public CompletableFuture<ExitStatus> exit() {
    return init.exit();
  }

  @Override
  public ContainerProcess exec(String execId, ProcessSpec process, Stdio stdio) {
    Identifiers.validate(execId);
    synchronized (this) {
      if (status != ContainerState.Status.RUNNING || destroyed) {
        throw new FailedPreconditionException("container \"" + id + "\" is " + statusText()
            + ", cannot exec in it");
      }
      if (execs.containsKey(execId)) {
        throw new AlreadyExistsException("exec \"" + execId + "\"");
      }
    }
    boolean cgroupNs = spec.linux() != null && spec.linux().namespaces().stream()
        .anyMatch(n -> n.type().equals("cgroup"));
    InitPlan plan = SpecPlanner.exec(init.pid(), process, spec.linux() == null ? null : spec.linux().seccomp(),
        cgroupNs);
    String name = "exec \"" + execId + "\" in container \"" + id + "\"";
    StageProcess p;
    long t0 = System.nanoTime();
    try {
      // the stage joins the cgroup right before it execs: under the container's pids limit, its
      // JVM could not start the threads it needs
      p = StageLauncher.get().launch(thread, name, plan, stdio, pid -> { });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new FailedPreconditionException("container \"" + id + "\" is not running");
    }
    if (execs.putIfAbsent(execId, p) != null) {
      p.abandon();
      p.kill(SIGKILL);
      throw new AlreadyExistsException("exec \"" + execId + "\"");
    }
    try {
      if (cgroup.isPresent()) {
        cgroup.get().addProcess(p.pid());
      }
      long t1 = System.nanoTime();
      p.start(name);
      long t2 = System.nanoTime();
      if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
        LOG.log(System.Logger.Level.DEBUG, name + ": cold stage " + p.pid() + " ready in " + (t1 - t0) / 1_000_000
            + " ms, exec'd " + (t2 - t1) / 1_000_000 + " ms later");
      }
    } catch (BerthException e) {
      execs.remove(execId);
      throw e;
    }
    return p;
  }

  @Override
  public ContainerProcess process(String execId) {
    StageProcess p = execs.get(execId);
    if (p == null) {
      throw new NotFoundException("exec \"" + execId + "\" in container \"" + id + "\"");
    }
    return p;
  }

  @Override
  public synchronized ContainerState state() {
    Optional<ExitStatus> exit = init.exit().isDone() ? Optional.of(init.exit().join()) : Optional.empty();
    return new ContainerState(id, bundle, init.pid(), status, exit);
  }

  @Override
  public List<Long> processes() {
    if (cgroup.isPresent()) {
      return cgroup.get().pids();
    }
    if (!init.alive()) {
      return List.of();
    }
    if (planned.ownPidNamespace()) {
      return PidNamespace.members(init.pid());
    }
    List<Long> pids = new java.util.ArrayList<>();
    pids.add(init.pid());
    execs.values().stream().filter(StageProcess::alive).forEach(p -> pids.add(p.pid()));
    pids.sort(null);
    return pids;
  }

  @Override
  public void pause() {
    Cgroup c = requireCgroup("pause");
    synchronized (this) {
      if (status != ContainerState.Status.RUNNING) {
        throw new FailedPreconditionException("container \"" + id + "\" is " + statusText()
            + ", cannot pause it");
      }
      c.freeze();
      status = ContainerState.Status.PAUSED;
    }
  }

  @Override
  public void resume() {
    Cgroup c = requireCgroup("resume");
    synchronized (this) {
      if (status != ContainerState.Status.PAUSED) {
        throw new FailedPreconditionException("container \"" + id + "\" is not paused");
      }
      c.thaw();
      status = ContainerState.Status.RUNNING;
    }
  }

  @Override
  public void update(Resources resources) {
    requireCgroup("update").update(CgroupResources.of(resources));
  }

  @Override
  public Stats stats() {
    return requireCgroup("read stats of").stats();
  }

  @Override
  public AutoCloseable onOom(Runnable callback) {
    Cgroup c = requireCgroup("watch");
    synchronized (this) {
      if (destroyed) {
        throw new FailedPreconditionException("container \"" + id + "\" is destroyed, cannot watch it");
      }
      AutoCloseable watch = c.onOom(callback);
      oomWatches.add(watch);
      return () -> {
        oomWatches.remove(watch);
        watch.close();
      };
    }
  }

  @Override
  public long oomKills() {
    return cgroup.map(Cgroup::oomKills).orElse(0L);
  }

  private Cgroup requireCgroup(String what) {
    return cgroup.orElseThrow(() -> new FailedPreconditionException("container \"" + id
        + "\" has no cgroup to " + what));
  }

  @Override
  public void kill(int signal, boolean all) {
    if (signal <= 0 || signal > 64) {
      throw new InvalidArgumentException("signal " + signal + " is out of range");
    }
    if (!all) {
      init.kill(signal);
      return;
    }
    if (cgroup.isPresent()) {
      cgroup.get().killAll(signal);
      return;
    }
    if (!init.alive()) {
      throw new NotFoundException("process already finished");
    }
    for (long pid : processes()) {
      try {
        Syscalls.kill(pid, signal);
      } catch (SyscallException e) {
        if (e.errno() != Errno.ESRCH) {
          throw new UnknownException(e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public void destroy() {
    synchronized (this) {
      if (destroyed) {
        return;
      }
      destroyed = true;
    }
    init.abandon();
    if (init.alive()) {
      try {
        if (cgroup.isPresent()) {
          cgroup.get().killAll(SIGKILL);
        }
        Syscalls.kill(init.pid(), SIGKILL);
      } catch (SyscallException | BerthException ignored) {
        // already gone
      }
    }
    for (StageProcess p : execs.values()) {
      if (p.alive()) {
        try {
          Syscalls.kill(p.pid(), SIGKILL);
        } catch (SyscallException ignored) {
          // already gone
        }
      }
    }
    await(init.exit());
    execs.values().forEach(p -> await(p.exit()));
    init.closeIo();
    execs.values().forEach(StageProcess::closeIo);
    for (AutoCloseable w : oomWatches) {
      try {
        w.close();
      } catch (Exception ignored) {
        // the watches' close does not fail
      }
    }
    oomWatches.clear();
    cgroup.ifPresent(Cgroup::destroy);
    thread.close();
    try {
      HookRunner.run("poststop", spec.hooks().poststop(), HookRunner.state(id, "stopped", 0, bundle), bundle);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "container " + id + ": " + e.getMessage()); // as runc: a warning
    }
  }

  private static void await(CompletableFuture<ExitStatus> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException ignored) {
      // nothing more to wait for
    }
  }

  private String statusText() {
    return status.name().toLowerCase(java.util.Locale.ROOT);
  }
}
