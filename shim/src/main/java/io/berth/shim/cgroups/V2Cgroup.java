package io.berth.shim.cgroups;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A cgroup in the unified (cgroup2) hierarchy. */
final class V2Cgroup extends CgroupBase {

  /** Controllers enabled down the path so the leaf can be limited and measured. */
  static final List<String> WANTED = List.of("cpu", "cpuset", "io", "memory", "pids");

  private final Path dir;

  private V2Cgroup(Hierarchy unified, CgroupPath path) {
    super(path);
    this.dir = path.in(unified);
  }

  static V2Cgroup create(Cgroups layout, CgroupPath path, Resources resources) {
    Hierarchy unified = layout.unified().orElseThrow();
    V2Cgroup cg = new V2Cgroup(unified, path);
    Path top = path.absolute() ? unified.mountpoint() : unified.ownDirectory();
    boolean made = false;
    try {
      made = makeDirectories(cg.name, top, cg.dir, (parent, d) -> {});
      enableControllers(cg.name, top, cg.dir);
      V2Limits.apply(cg, resources);
    } catch (BerthException e) {
      if (made) {
        try {
          cg.destroy();
        } catch (BerthException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
    return cg;
  }

  static V2Cgroup load(Cgroups layout, CgroupPath path) {
    V2Cgroup cg = new V2Cgroup(layout.unified().orElseThrow(), path);
    if (!Files.isDirectory(cg.dir)) {
      throw new NotFoundException("cgroup " + ControlFiles.quote(path.toString()));
    }
    return cg;
  }

  /**
   * Enables the {@link #WANTED} controllers each ancestor offers in its cgroup.subtree_control,
   * from {@code top} down to the leaf's parent. A refusal (the ancestor holds processes, a
   * controller is bound to a v1 hierarchy) only means the leaf goes without that controller.
   */
  private static void enableControllers(String name, Path top, Path leaf) {
    Path current = top;
    for (Path part : top.relativize(leaf)) {
      Set<String> offered = words(ControlFiles.readIfPresent(name, current, "cgroup.controllers"));
      Set<String> enabled = words(ControlFiles.readIfPresent(name, current, "cgroup.subtree_control"));
      for (String c : WANTED) {
        if (offered.contains(c) && !enabled.contains(c)) {
          try {
            ControlFiles.write(name, current, "cgroup.subtree_control", "+" + c);
          } catch (BerthException e) {
            LOG.log(Level.DEBUG, "cgroup {0}: cannot enable {1} in {2}: {3}", name, c, current, e.getMessage());
          }
        }
      }
      current = current.resolve(part.toString());
    }
  }

  private static Set<String> words(String text) {
    return text == null || text.isBlank() ? Set.of() : Set.of(text.trim().split("\\s+"));
  }

  Path dir() {
    return dir;
  }

  /** The controllers available in this cgroup (its cgroup.controllers). */
  Set<String> controllers() {
    return words(ControlFiles.readIfPresent(name, dir, "cgroup.controllers"));
  }

  /** {@code dir/file}; FailedPrecondition naming the controller if the file does not exist. */
  Path require(String file, String what, String controller) {
    if (!Files.exists(dir.resolve(file))) {
      if (!Files.isDirectory(dir)) {
        throw new NotFoundException("cgroup " + ControlFiles.quote(name));
      }
      throw new FailedPreconditionException(
          "cgroup " + ControlFiles.quote(name) + ": " + what + " needs the " + controller
              + " controller, which is not enabled in this cgroup (" + file + " is missing)");
    }
    return dir;
  }

  @Override
  List<Path> directories() {
    return List.of(dir);
  }

  @Override
  boolean canFreeze() {
    return Files.exists(dir.resolve("cgroup.freeze"));
  }

  @Override
  public CgroupMode mode() {
    return CgroupMode.UNIFIED;
  }

  @Override
  public void addProcess(long pid) {
    if (pid <= 0) {
      throw new InvalidArgumentException("pid must be positive, got " + pid);
    }
    try {
      ControlFiles.write(name, dir, "cgroup.procs", Long.toString(pid));
    } catch (UnknownException e) {
      if (!Files.exists(Path.of("/proc", Long.toString(pid)))) {
        throw new NotFoundException("process " + pid, e);
      }
      throw e;
    }
  }

  @Override
  public synchronized void freeze() {
    require("cgroup.freeze", "freeze", "freezer (kernel 5.2 or later)");
    ControlFiles.write(name, dir, "cgroup.freeze", "1");
    if (!await(this::frozen)) {
      ControlFiles.write(name, dir, "cgroup.freeze", "0");
      throw new UnknownException(
          "cgroup " + ControlFiles.quote(name) + ": cgroup.events does not report frozen after "
              + WAIT_MILLIS + " ms; thawed again");
    }
  }

  @Override
  public synchronized void thaw() {
    require("cgroup.freeze", "thaw", "freezer (kernel 5.2 or later)");
    ControlFiles.write(name, dir, "cgroup.freeze", "0");
    if (!await(() -> !frozen())) {
      throw new UnknownException(
          "cgroup " + ControlFiles.quote(name) + ": cgroup.events still reports frozen after "
              + WAIT_MILLIS + " ms");
    }
  }

  @Override
  public boolean frozen() {
    return ControlFiles.readKeyValues(name, dir, "cgroup.events").getOrDefault("frozen", 0L) == 1;
  }

  @Override
  public void update(Resources resources) {
    if (!Files.isDirectory(dir)) {
      throw new NotFoundException("cgroup " + ControlFiles.quote(name));
    }
    V2Limits.apply(this, resources);
  }

  @Override
  public V2Stats stats() {
    if (!Files.isDirectory(dir)) {
      throw new NotFoundException("cgroup " + ControlFiles.quote(name));
    }
    return V2StatsReader.read(name, dir);
  }

  @Override
  public AutoCloseable onOom(Runnable callback) {
    require("memory.events", "OOM notification", "memory");
    return EventsWatch.start(name, dir, "memory.events", "oom_kill", callback);
  }

  @Override
  public long oomKills() {
    return ControlFiles.readKeyValues(name, dir, "memory.events").getOrDefault("oom_kill", 0L);
  }

  @Override
  public String toString() {
    return "V2Cgroup[" + name + "]";
  }
}
