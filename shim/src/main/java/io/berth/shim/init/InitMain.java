package io.berth.shim.init;

import io.berth.shim.sys.NamespaceType;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The init stage: the first process of a container (create mode, pid 1 of its pid namespace) or a
 * process joining one (join mode). Runs on a lean JVM spawned by the shim from a thread that already
 * holds the container's pid, network, IPC and UTS namespaces. Usage: {@code InitMain SOCKET}, where
 * SOCKET is the unix socket of the control channel ({@link ControlChannel}). It receives its
 * {@link InitPlan}, sets everything up, reports READY (or ERROR with the cause), waits for START
 * and execve's the container's process.
 */
public final class InitMain {
  private InitMain() {
  }

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("--train")) {
      train();
      return;
    }
    if (args.length != 1) {
      System.err.println("usage: InitMain CONTROL-SOCKET");
      Runtime.getRuntime().halt(2);
    }
    try {
      warmUp(); // a sandbox stage waits for its plan warm; for a cold one the work is the same
    } catch (IOException | SyscallException | StageFailure | RuntimeException e) {
      // the real work reports the same failure with its context
    }
    ControlChannel channel;
    try {
      channel = new ControlChannel(SocketChannel.open(UnixDomainSocketAddress.of(args[0])));
    } catch (IOException e) {
      System.err.println("berth init: connect " + args[0] + ": " + e);
      Runtime.getRuntime().halt(2);
      return;
    }
    try {
      ControlChannel.Message m = channel.receive();
      if (m != null && m.type() == ControlChannel.STDIO) {
        takeStdio(m.payload());
        m = channel.receive();
      }
      if (m == null || m.type() != ControlChannel.PLAN) {
        Runtime.getRuntime().halt(2);
        return;
      }
      run(PlanCodec.decode(m.payload()), channel);
    } catch (StageFailure e) {
      report(channel, e.getMessage());
    } catch (IOException | RuntimeException | Error e) {
      report(channel, "init stage: " + e);
    }
    Runtime.getRuntime().halt(1);
  }

  /**
   * A training run for the JVM's ahead-of-time cache ({@link Training}), which exits normally so
   * the JVM can write the cache. Touches nothing.
   */
  private static void train() {
    try {
      Training.run();
    } catch (IOException | SyscallException | StageFailure e) {
      System.err.println("berth init training: " + e);
    }
  }

  /** Loads and runs the code a start needs (plan codec, channel, JNA, syscall facade); touches nothing. */
  static void warmUp() throws IOException, SyscallException, StageFailure {
    preload();
    PlanCodec.decode(PlanCodec.encode(samplePlan()));
    Syscalls.umask(Syscalls.umask(022));
    Syscalls.capget(0);
    Syscalls.mountFlags(Path.of("/"));
    SecurePath.join(Path.of("/"), "proc/self");
    new ControlChannel.Message(ControlChannel.READY, new byte[4]).intValue();
  }

  /** A plan like a real one (a rootfs with /proc, /bin/true as the process) that no stage runs. */
  static InitPlan samplePlan() {
    InitPlan.Proc proc = new InitPlan.Proc(List.of("/bin/true"), List.of("PATH=/bin"), "/", 0, 0, List.of(),
        022, List.of(new InitPlan.Limit(7, 1024, 1024)), 0, 0, 0, 0, 0, true, new byte[8], 0, false, 0, 0);
    InitPlan.Rootfs rootfs = new InitPlan.Rootfs("/", false, 0, false, List.of(new InitPlan.MountOp(
        InitPlan.MountKind.REGULAR, "proc", "/proc", "proc", 0, "", List.of())), true, List.of(),
        List.of(), List.of(), "", "", java.util.Map.of(), 0, false);
    return new InitPlan(false, "", true, "", false, rootfs, proc);
  }

  /**
   * A sandbox stage, started before its container was known, takes the process's stdio from the
   * shim (descriptor numbers in {@code payload}) and lets go of the shim's pidfd.
   */
  private static void takeStdio(byte[] payload) throws StageFailure {
    java.nio.ByteBuffer numbers = java.nio.ByteBuffer.wrap(payload);
    try {
      for (int target = 0; target < 3; target++) {
        int fd = Syscalls.pidfdGetfd(ControlChannel.SHIM_PIDFD, numbers.getInt());
        Syscalls.dup2(fd, target);
        Syscalls.close(fd);
      }
      Syscalls.close(ControlChannel.SHIM_PIDFD);
    } catch (SyscallException | RuntimeException e) {
      throw new StageFailure("take stdio from the shim: " + e.getMessage());
    }
  }

  private static void report(ControlChannel channel, String message) {
    try {
      channel.send(ControlChannel.ERROR, message);
    } catch (IOException ignored) {
      // the shim is gone; nobody to tell
    }
  }

  /**
   * Loads every class of the stage before the root changes. From a jar that is not needed (the
   * open jar stays readable), but from a classes directory (tests) the files vanish with the
   * old root.
   */
  private static void preload() throws IOException {
    java.net.URL location = InitMain.class.getProtectionDomain().getCodeSource().getLocation();
    Path base;
    try {
      base = Path.of(location.toURI());
    } catch (java.net.URISyntaxException e) {
      return;
    }
    if (!Files.isDirectory(base)) {
      return;
    }
    for (String pkg : List.of("io/berth/shim/init", "io/berth/shim/sys")) {
      try (var files = Files.list(base.resolve(pkg))) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(".class")) {
            try {
              Class.forName(pkg.replace('/', '.') + "." + name.substring(0, name.length() - 6), false,
                  InitMain.class.getClassLoader());
            } catch (ClassNotFoundException ignored) {
              // not a loadable class
            }
          }
        }
      }
    }
  }

  private static void run(InitPlan plan, ControlChannel channel) throws StageFailure, IOException {
    preload();
    Syscalls.umask(0);
    try {
      Syscalls.setsid();
    } catch (SyscallException e) {
      throw new StageFailure("setsid", e);
    }
    InitPlan.Rootfs rootfs = plan.rootfs();
    if (rootfs != null && rootfs.setOomScoreAdj()) {
      try {
        Files.writeString(Path.of("/proc/self/oom_score_adj"), Integer.toString(rootfs.oomScoreAdj()));
      } catch (IOException e) {
        throw new StageFailure("set oom_score_adj: " + e.getMessage());
      }
    }
    enterNamespaces(plan);
    RootfsSetup fs = rootfs == null ? null : new RootfsSetup(rootfs);
    if (fs != null) {
      fs.prepare();
    }
    Syscalls.Pty pty = null;
    if (plan.process().terminal()) {
      pty = openTerminal(plan.process(), channel);
    }
    if (fs != null) {
      fs.finish();
    }
    ProcessSetup process = new ProcessSetup(plan.process());
    process.prepare();
    channel.send(ControlChannel.READY, new byte[0]);
    ControlChannel.Message m = channel.receive();
    if (m == null || m.type() != ControlChannel.START) {
      Runtime.getRuntime().halt(m == null ? 0 : 2);
    }
    process.exec(pty == null ? -1 : pty.slave());
  }

  private static void enterNamespaces(InitPlan plan) throws StageFailure {
    try {
      if (!plan.mountNsPath().isEmpty()) {
        Syscalls.unshareFs();
        Syscalls.setns(Path.of(plan.mountNsPath()), NamespaceType.MOUNT);
      } else if (plan.newMountNs()) {
        Syscalls.unshare(List.of(NamespaceType.MOUNT));
      }
      if (!plan.cgroupNsPath().isEmpty()) {
        Syscalls.setns(Path.of(plan.cgroupNsPath()), NamespaceType.CGROUP);
      } else if (plan.newCgroupNs()) {
        Syscalls.unshare(List.of(NamespaceType.CGROUP));
      }
    } catch (SyscallException e) {
      throw new StageFailure("enter namespaces", e);
    }
  }

  /**
   * Opens a pty in the container's own devpts, hands the master to the shim (which copies it
   * with pidfd_getfd) and keeps the slave for the process's stdio.
   */
  private static Syscalls.Pty openTerminal(InitPlan.Proc proc, ControlChannel channel)
      throws StageFailure, IOException {
    Syscalls.Pty pty;
    try {
      pty = Syscalls.openpty(Path.of("/dev/ptmx"), Path.of("/dev/pts"));
      if (proc.rows() > 0 && proc.columns() > 0) {
        Syscalls.setWindowSize(pty.slave(), proc.rows(), proc.columns());
      }
    } catch (SyscallException e) {
      throw new StageFailure("set up terminal", e);
    }
    channel.send(ControlChannel.PTY, pty.master());
    ControlChannel.Message m = channel.receive();
    if (m == null || m.type() != ControlChannel.PTY_TAKEN) {
      Runtime.getRuntime().halt(2);
    }
    Syscalls.closeQuietly(pty.master());
    return pty;
  }
}
