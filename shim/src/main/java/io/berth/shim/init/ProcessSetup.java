package io.berth.shim.init;

import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the stage into the container's process, in runc's order: no_new_privs, seccomp (early
 * when no_new_privs is off, since loading it then needs CAP_SYS_ADMIN), rlimits, bounding set,
 * user and groups with keepcaps, capability sets, working directory, executable lookup; after
 * Start: umask, terminal, late seccomp, execve.
 */
final class ProcessSetup {
  private final InitPlan.Proc proc;
  private List<String> env;
  private String executable;

  ProcessSetup(InitPlan.Proc proc) {
    this.proc = proc;
    this.env = proc.env();
  }

  /** Everything that can fail for a reason the caller should hear about before Start. */
  void prepare() throws StageFailure {
    try {
      if (proc.noNewPrivileges()) {
        Syscalls.setNoNewPrivs();
      } else if (proc.seccomp().length > 0) {
        Syscalls.seccompFilter(proc.seccomp(), proc.seccompFlags());
      }
    } catch (SyscallException e) {
      throw new StageFailure("load seccomp profile", e);
    }
    for (InitPlan.Limit l : proc.rlimits()) {
      try {
        Syscalls.prlimit(0, l.resource(), l.soft(), l.hard());
      } catch (SyscallException e) {
        throw new StageFailure("set rlimit", e);
      }
    }
    env = withHome(env);
    try {
      for (int cap = 0; cap < 64; cap++) {
        if ((proc.bounding() & (1L << cap)) == 0 && Syscalls.boundingSetHas(cap)) {
          Syscalls.dropBoundingCap(cap);
        }
      }
      Syscalls.setKeepCaps(true);
      int[] groups = new int[proc.groups().size()];
      for (int i = 0; i < groups.length; i++) {
        groups[i] = proc.groups().get(i);
      }
      Syscalls.setgroups(groups);
      Syscalls.setresgid(proc.gid());
      Syscalls.setresuid(proc.uid());
      Syscalls.setKeepCaps(false);
      Syscalls.capset(new Syscalls.CapabilitySets(proc.effective(), proc.permitted(), proc.inheritable()));
      Syscalls.clearAmbientCaps();
      for (int cap = 0; cap < 64; cap++) {
        if ((proc.ambient() & (1L << cap)) != 0) {
          Syscalls.raiseAmbientCap(cap);
        }
      }
    } catch (SyscallException e) {
      throw new StageFailure("set user " + proc.uid() + ":" + proc.gid() + " and capabilities", e);
    }
    String cwd = proc.cwd().isEmpty() ? "/" : proc.cwd();
    try {
      Syscalls.chdir(Path.of(cwd));
    } catch (SyscallException e) {
      throw new StageFailure("chdir to cwd (\"" + cwd + "\") set in config.json failed: " + e.getMessage());
    }
    if (proc.args().isEmpty()) {
      throw new StageFailure("args must not be empty");
    }
    executable = lookPath(proc.args().getFirst(), cwd);
  }

  /** After Start: the last steps and execve. Returns only by throwing. */
  void exec(int terminalSlave) throws StageFailure {
    Syscalls.umask(proc.umask());
    try {
      if (terminalSlave >= 0) {
        Syscalls.setControllingTerminal(terminalSlave);
        for (int fd = 0; fd < 3; fd++) {
          Syscalls.dup2(terminalSlave, fd);
        }
      }
      if (proc.noNewPrivileges() && proc.seccomp().length > 0) {
        Syscalls.seccompFilter(proc.seccomp(), proc.seccompFlags());
      }
      Syscalls.cloexecFrom(3);
      Syscalls.unblockAllSignals();
      Syscalls.execve(executable, proc.args().toArray(new String[0]), env.toArray(new String[0]));
    } catch (SyscallException e) {
      throw new StageFailure("exec " + proc.args().getFirst(), e);
    }
  }

  /**
   * For the training run of the stage's ahead-of-time cache: the read-only part of {@link
   * #prepare} (HOME from /etc/passwd, the executable's lookup in PATH), which changes nothing.
   */
  void rehearse() throws StageFailure {
    env = withHome(env);
    String name = proc.args().getFirst();
    executable = lookPath(name, "/");
    lookPath(Path.of(name).getFileName().toString(), "/");
  }

  /** runc sets HOME from the container's /etc/passwd (or "/") when the spec's env lacks it. */
  private List<String> withHome(List<String> in) {
    for (String e : in) {
      if (e.startsWith("HOME=")) {
        return in;
      }
    }
    String home = "/";
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] f = line.split(":", -1);
        if (f.length >= 6 && f[2].equals(Integer.toString(proc.uid())) && !f[5].isEmpty()) {
          home = f[5];
          break;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // no readable /etc/passwd: HOME stays "/"
    }
    List<String> out = new ArrayList<>(in);
    out.add("HOME=" + home);
    return out;
  }

  /** Finds the executable as Go's exec.LookPath does, with the container's PATH. */
  private String lookPath(String name, String cwd) throws StageFailure {
    if (name.contains("/")) {
      Path p = name.startsWith("/") ? Path.of(name) : Path.of(cwd).resolve(name);
      if (!Files.exists(p)) {
        throw new StageFailure("exec: \"" + name + "\": stat " + name + ": no such file or directory");
      }
      if (!isExecutable(p)) {
        throw new StageFailure("exec: \"" + name + "\": permission denied");
      }
      return p.toString();
    }
    String path = "";
    for (String e : env) {
      if (e.startsWith("PATH=")) {
        path = e.substring(5);
      }
    }
    for (String dir : path.split(":", -1)) {
      if (path.isEmpty()) {
        break;
      }
      Path candidate = (dir.isEmpty() ? Path.of(cwd) : Path.of(dir).isAbsolute() ? Path.of(dir)
          : Path.of(cwd).resolve(dir)).resolve(name);
      if (isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new StageFailure("exec: \"" + name + "\": executable file not found in $PATH");
  }

  private static boolean isExecutable(Path p) {
    try {
      if (!Files.isRegularFile(p)) {
        return false;
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      return perms.contains(PosixFilePermission.OWNER_EXECUTE) || perms.contains(PosixFilePermission.GROUP_EXECUTE)
          || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
    } catch (IOException e) {
      return false;
    }
  }
}
