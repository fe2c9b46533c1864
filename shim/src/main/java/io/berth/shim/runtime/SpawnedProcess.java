package io.berth.shim.runtime;

import io.berth.shim.sys.Errno;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A child process spawned with posix_spawn from a namespace thread. Not java.lang.Process: the
 * JDK starts a reaper thread from the spawning thread, and a thread whose pid namespace for
 * children is the container's cannot create threads (clone(CLONE_THREAD) fails with EINVAL). Here
 * the spawning thread only spawns; a waiter thread started from the caller reaps the child by pid.
 */
final class SpawnedProcess {
  private final long pid;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private SpawnedProcess(long pid) {
    this.pid = pid;
  }

  /** Spawns {@code command} from {@code thread} with {@code stdio} as descriptors 0, 1 and 2. */
  static SpawnedProcess start(NamespaceThread thread, List<String> command, int[] stdio, Path cwd)
      throws Exception {
    return start(thread, command.get(0), command, List.of(), stdio, cwd);
  }

  /** Spawns {@code path} with its own {@code argv} (argv[0] may differ from path) and {@code env}. */
  static SpawnedProcess start(NamespaceThread thread, String path, List<String> argv, List<String> env,
      int[] stdio, Path cwd) throws Exception {
    String[] args = argv.toArray(String[]::new);
    String[] envp = env.toArray(String[]::new);
    long pid = thread.call(() -> Syscalls.spawn(path, args, envp, stdio, cwd));
    Reaper.spawnedByUs(pid);
    SpawnedProcess p = new SpawnedProcess(pid);
    Thread.ofPlatform().daemon().name("berth-wait-" + pid).start(p::await);
    return p;
  }

  private void await() {
    try {
      int code = Syscalls.waitpid(pid, 0).map(Syscalls.WaitStatus::exitCode).orElse(255);
      exit.complete(code);
    } catch (SyscallException e) {
      exit.complete(255);
    } finally {
      Reaper.reaped(pid);
    }
  }

  long pid() {
    return pid;
  }

  /** Completes with the exit code (128 + n when killed by signal n). */
  CompletableFuture<Integer> onExit() {
    return exit;
  }

  boolean isAlive() {
    return !exit.isDone();
  }

  /** Sends {@code signal} unless the process has been reaped; false if it was already gone. */
  boolean signal(int signal) throws SyscallException {
    if (!isAlive()) {
      return false;
    }
    try {
      Syscalls.kill(pid, signal);
      return true;
    } catch (SyscallException e) {
      if (e.errno() == Errno.ESRCH) {
        return false;
      }
      throw e;
    }
  }

  void killForcibly() {
    try {
      signal(9);
    } catch (SyscallException ignored) {
      // gone
    }
  }

  /** Waits for the exit and returns the code. */
  int waitFor() {
    try {
      return exit.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (ExecutionException e) {
      return 255;
    }
  }
}
