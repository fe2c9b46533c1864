package io.berth.shim.cgroups;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A cgroup in every mounted v1 hierarchy (co-mounted controllers share one directory). */
final class V1Cgroup extends CgroupBase {

  private final Cgroups layout;
  private final Map<Hierarchy, Path> dirs;

  private V1Cgroup(Cgroups layout, CgroupPath path) {
    super(path);
    this.layout = layout;
    Map<Hierarchy, Path> m = new LinkedHashMap<>();
    for (Hierarchy h : layout.v1Hierarchies()) {
      m.put(h, path.in(h));
    }
    this.dirs = m;
  }

  static V1Cgroup create(Cgroups layout, CgroupPath path, Resources resources) {
    V1Cgroup cg = new V1Cgroup(layout, path);
    boolean madeAny = false;
    try {
      for (Map.Entry<Hierarchy, Path> e : cg.dirs.entrySet()) {
        Hierarchy h = e.getKey();
        Path top = path.absolute() ? h.mountpoint() : h.ownDirectory();
        boolean cpuset = h.controllers().contains("cpuset");
        madeAny |=
            makeDirectories(
                cg.name, top, e.getValue(), cpuset ? V1Cgroup::inheritCpuset : (p, d) -> {});
      }
      V1Limits.apply(cg, resources);
    } catch (BerthException e) {
      if (madeAny) {
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

  static V1Cgroup load(Cgroups layout, CgroupPath path) {
    V1Cgroup cg = new V1Cgroup(layout, path);
    if (!cg.exists()) {
      throw new NotFoundException("cgroup " + ControlFiles.quote(path.toString()));
    }
    return cg;
  }

  /** A new cpuset cgroup starts with no cpus and mems; copy the parent's as runc does. */
  private static void inheritCpuset(Path parent, Path dir) {
    for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
      String mine = ControlFiles.read(dir.toString(), dir, file);
      if (mine.isEmpty()) {
        ControlFiles.write(
            dir.toString(), dir, file, ControlFiles.read(parent.toString(), parent, file));
      }
    }
  }

  /** The directory for a controller, or null if the host does not mount it. */
  Path dir(String controller) {
    Hierarchy h = layout.v1().get(controller);
    return h == null ? null : dirs.get(h);
  }

  /** The directory for a controller; FailedPrecondition naming {@code what} if it is absent. */
  Path require(String controller, String what) {
    Path d = dir(controller);
    if (d == null) {
      throw new FailedPreconditionException(
          "cgroup " + ControlFiles.quote(name) + ": " + what + " needs the " + controller
              + " controller, which is not mounted");
    }
    return d;
  }

  @Override
  List<Path> directories() {
    return new ArrayList<>(dirs.values());
  }

  @Override
  boolean canFreeze() {
    return dir("freezer") != null;
  }

  @Override
  public CgroupMode mode() {
    return layout.mode();
  }

  @Override
  public void addProcess(long pid) {
    if (pid <= 0) {
      throw new io.berth.api.errors.InvalidArgumentException("pid must be positive, got " + pid);
    }
    for (Path d : dirs.values()) {
      try {
        ControlFiles.write(name, d, "cgroup.procs", Long.toString(pid));
      } catch (UnknownException e) {
        if (!Files.exists(Path.of("/proc", Long.toString(pid)))) {
          throw new NotFoundException("process " + pid, e);
        }
        throw e;
      }
    }
  }

  @Override
  public synchronized void freeze() {
    Path d = require("freezer", "freeze");
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    long sleep = 1;
    long rewrite = 0;
    String state = "";
    while (System.nanoTime() < deadline) {
      if (System.nanoTime() >= rewrite) {
        // A task forking meanwhile can leave the cgroup FREEZING; writing again retries it.
        ControlFiles.write(name, d, "freezer.state", "FROZEN");
        rewrite = System.nanoTime() + 100_000_000L;
      }
      state = ControlFiles.read(name, d, "freezer.state");
      if (state.equals("FROZEN")) {
        return;
      }
      pause(sleep);
      sleep = Math.min(sleep * 2, 20);
    }
    ControlFiles.write(name, d, "freezer.state", "THAWED");
    throw new UnknownException(
        "cgroup " + ControlFiles.quote(name) + ": freezer.state still reads " + state + " after "
            + WAIT_MILLIS + " ms; thawed again");
  }

  @Override
  public synchronized void thaw() {
    Path d = require("freezer", "thaw");
    ControlFiles.write(name, d, "freezer.state", "THAWED");
    if (!await(() -> ControlFiles.read(name, d, "freezer.state").equals("THAWED"))) {
      throw new UnknownException(
          "cgroup " + ControlFiles.quote(name) + ": freezer.state does not read THAWED after "
              + WAIT_MILLIS + " ms");
    }
  }

  @Override
  public boolean frozen() {
    Path d = dir("freezer");
    return d != null && "FROZEN".equals(ControlFiles.readIfPresent(name, d, "freezer.state"));
  }

  @Override
  public void update(Resources resources) {
    if (!exists()) {
      throw new NotFoundException("cgroup " + ControlFiles.quote(name));
    }
    V1Limits.apply(this, resources);
  }

  @Override
  public V1Stats stats() {
    if (!exists()) {
      throw new NotFoundException("cgroup " + ControlFiles.quote(name));
    }
    return V1StatsReader.read(this);
  }

  @Override
  public AutoCloseable onOom(Runnable callback) {
    return V1OomWatch.start(name, require("memory", "OOM notification"), callback);
  }

  @Override
  public long oomKills() {
    Path memory = dir("memory");
    return memory == null ? 0
        : ControlFiles.readKeyValues(name, memory, "memory.oom_control").getOrDefault("oom_kill", 0L);
  }

  @Override
  public String toString() {
    return "V1Cgroup[" + name + "]";
  }
}
