package io.berth.shim.runtime;

import io.berth.shim.sys.NamespaceType;
import io.berth.shim.sys.Syscalls;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A generic sandbox a pooled shim prepares before it knows its container (DESIGN.md, "Start-up
 * cost", route 1): a namespace thread that has unshared the namespaces ctr and dockerd ask for
 * and an init stage spawned from it, started and waiting on its control socket for its plan.
 * Creating a container whose spec asks for exactly these new namespaces takes it, so the stage's
 * JVM start is off the critical path; any other spec takes the cold path and the sandbox is
 * discarded. At most one sandbox exists per shim.
 */
public final class Sandbox {
  private static final System.Logger LOG = System.getLogger(Sandbox.class.getName());
  /** The namespaces of the sandbox's thread; the mount namespace is the stage's own (its plan). */
  static final Set<NamespaceType> NAMESPACES =
      EnumSet.of(NamespaceType.PID, NamespaceType.IPC, NamespaceType.UTS, NamespaceType.NETWORK);
  private static final AtomicReference<Sandbox> PREPARED = new AtomicReference<>();

  private final NamespaceThread thread;
  private final StageLauncher.Waiting stage;

  private Sandbox(NamespaceThread thread, StageLauncher.Waiting stage) {
    this.thread = thread;
    this.stage = stage;
  }

  /**
   * Prepares this shim's sandbox unless it has one; returns whether it has one afterwards. A
   * failure is logged: containers then take the cold path.
   */
  public static boolean prepare() {
    if (PREPARED.get() != null) {
      return true;
    }
    Reaper.ensureStarted();
    NamespaceThread thread = new NamespaceThread("berth-ns-sandbox");
    try {
      thread.callUnchecked(() -> {
        Syscalls.unshare(List.copyOf(NAMESPACES));
        Syscalls.loopbackUp();
        return null;
      });
      Sandbox s = new Sandbox(thread, StageLauncher.get().spawnWaiting(thread));
      if (!PREPARED.compareAndSet(null, s)) {
        s.close();
      }
      return true;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "prepare sandbox: " + e.getMessage());
      thread.close();
      return false;
    }
  }

  /** Kills and reaps the prepared sandbox's stage and ends its thread, if there is one. */
  public static void discard() {
    Sandbox s = PREPARED.getAndSet(null);
    if (s != null) {
      s.close();
    }
  }

  /** The pid of the prepared sandbox's stage, if there is one (for tests and logs). */
  static Optional<Long> preparedStagePid() {
    Sandbox s = PREPARED.get();
    return s == null ? Optional.empty() : Optional.of(s.stage.process().pid());
  }

  /**
   * Takes the prepared sandbox for a container planned as {@code planned} if it fits: the spec
   * asks for exactly the sandbox's namespaces, all new, and the stage is still waiting. Otherwise
   * the sandbox (if any) is discarded and the container takes the cold path.
   */
  static Optional<Sandbox> claim(SpecPlanner.Planned planned) {
    Sandbox s = PREPARED.getAndSet(null);
    if (s == null) {
      return Optional.empty();
    }
    boolean fits = planned.threadJoin().isEmpty() && !planned.threadUnshare().isEmpty()
        && EnumSet.copyOf(planned.threadUnshare()).equals(NAMESPACES) && s.stage.process().isAlive();
    if (!fits) {
      s.close();
      return Optional.empty();
    }
    return Optional.of(s);
  }

  NamespaceThread thread() {
    return thread;
  }

  StageLauncher.Waiting stage() {
    return stage;
  }

  /** Ends a sandbox that no container uses. */
  void close() {
    stage.discard();
    thread.close();
  }
}
