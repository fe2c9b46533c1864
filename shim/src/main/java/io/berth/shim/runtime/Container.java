package io.berth.shim.runtime;

import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Resources;
import io.berth.shim.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A container run directly by Berth, without runc: namespaces held by a dedicated thread, the
 * rootfs and process set up by the init stage, resources by the container's cgroup (the spec's
 * {@code linux.cgroupsPath}; an empty path means no cgroup of its own, and then pause, resume,
 * update and stats are refused while processes and kill-all use the pid namespace).
 *
 * <p>Lifecycle as containerd's: {@link #create} leaves the init process waiting, {@link #start}
 * lets it execve, {@link #exit()} completes when it ends, {@link #destroy()} removes what is left.
 * Errors are Berth errors: InvalidArgumentException / NotImplementedException for a spec that
 * cannot run (raised before anything is made), UnknownException with the init stage's message for
 * a failure while setting up (bad binary, cwd, mount), FailedPreconditionException for calls in
 * the wrong state, NotFoundException for processes that have finished or do not exist.
 */
public interface Container {
  /** Creates a container from a parsed spec; on failure nothing is left behind. */
  static Container create(String id, Path bundle, Spec spec, Stdio stdio) {
    return LinuxContainer.create(id, bundle, spec, stdio, CreateOptions.DEFAULT);
  }

  static Container create(String id, Path bundle, Spec spec, Stdio stdio, CreateOptions options) {
    return LinuxContainer.create(id, bundle, spec, stdio, options);
  }

  String id();

  Path bundle();

  /** The container's first process (pid known from create on). */
  ContainerProcess init();

  /** Lets the init process execve the spec's process; returns its pid. */
  long start();

  /** Completes with the init process's exit status. */
  CompletableFuture<ExitStatus> exit();

  /** Runs another process in the container's namespaces and cgroup; {@code execId} must be unique. */
  ContainerProcess exec(String execId, ProcessSpec process, Stdio stdio);

  /** An exec'd process by id. */
  ContainerProcess process(String execId);

  ContainerState state();

  /** Pids (host view) of every process in the container. */
  List<Long> processes();

  void pause();

  void resume();

  /** Applies new cgroup limits (the set values; others are left). */
  void update(Resources resources);

  /** The cgroup's counters (v1 or v2 shape); FailedPreconditionException without a cgroup. */
  io.berth.shim.cgroups.Stats stats();

  /** Calls {@code callback} on each OOM kill in the container's cgroup until the handle is closed or the container destroyed. */
  AutoCloseable onOom(Runnable callback);

  /** How many processes the kernel has OOM-killed in the container's cgroup; 0 without one. */
  long oomKills();

  /** Sends {@code signal} to the init process, or with {@code all} to every process of the container. */
  void kill(int signal, boolean all);

  /** Kills every process, waits for them, ends the OOM watches, removes the cgroup and releases the namespaces. Idempotent. */
  void destroy();
}
