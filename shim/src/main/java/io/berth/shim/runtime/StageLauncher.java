package io.berth.shim.runtime;

import com.sun.jna.Native;
import io.berth.api.errors.UnknownException;
import io.berth.shim.aot.AotCache;
import io.berth.shim.init.ControlChannel;
import io.berth.shim.init.InitMain;
import io.berth.shim.init.InitPlan;
import io.berth.shim.init.PlanCodec;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Spawns the init stage ({@link InitMain}) on a lean JVM from the calling namespace thread, hands
 * it its plan over a private unix socket and follows it until it is ready to execve.
 *
 * <p>The stage must leave nothing behind when it execve's, so its JVM runs without perf data
 * (no /tmp/hsperfdata file) and loads JNA's native library from a private directory this class
 * fills once, instead of unpacking it to a temporary file per start.
 */
final class StageLauncher {
  /**
   * JVM options of the stage: small, quick to start, silent; its class-data archive mapped where
   * it was built, so that waiting stages share its pages instead of each relocating a private copy.
   * Interpreted only: a stage runs a few hundred milliseconds of code once, and the C1 compiler
   * threads spent about a third of its CPU time compiling methods it would barely run again (a
   * stage of a runtime-library start used about 280 ms of CPU with C1, 185 ms with -Xint).
   */
  private static final List<String> JVM_OPTIONS = List.of(
      "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-Xss512k", "-Xint",
      "-XX:-UsePerfData", "-XX:+IgnoreUnrecognizedVMOptions",
      "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
      "-Xlog:disable", "-Xlog:all=off", "--enable-native-access=ALL-UNNAMED", "-Djna.nounpack=true",
      "-Djna.platform.library.path=/lib:/usr/lib");

  private final Path stateDir;
  private final List<String> jvm;
  private final AotCache aotCache;

  private StageLauncher(Path stateDir, List<String> jvm, AotCache aotCache) {
    this.stateDir = stateDir;
    this.jvm = jvm;
    this.aotCache = aotCache;
  }

  private static volatile StageLauncher instance;

  /** The launcher for this JVM: its java binary and the jars holding the stage and JNA. */
  static StageLauncher get() {
    StageLauncher l = instance;
    if (l == null) {
      synchronized (StageLauncher.class) {
        if (instance == null) {
          instance = create(StageCache.stateDir(),
              StageCache.aotDir(), Boolean.parseBoolean(System.getProperty("berth.shim.stageAot", "true")));
        }
        l = instance;
      }
    }
    return l;
  }

  static StageLauncher create(Path stateDir, Path aotDir, boolean useAot) {
    try {
      Files.createDirectories(stateDir);
      Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
      Path jnaDir = unpackJna(stateDir);
      String java = ProcessHandle.current().info().command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String classpath = codeSource(InitMain.class) + ":" + codeSource(Native.class);
      List<String> cmd = new ArrayList<>();
      cmd.add(java);
      cmd.addAll(JVM_OPTIONS);
      cmd.add("-Djna.boot.library.path=" + jnaDir);
      cmd.add("-cp");
      cmd.add(classpath);
      return new StageLauncher(stateDir, List.copyOf(cmd), useAot ? AotCache.of(aotDir, "stage", cmd) : null);
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot prepare the init stage launcher: " + e.getMessage(), e);
    }
  }

  /**
   * Builds the stage's ahead-of-time cache in {@code aotDir} unless it exists (DESIGN.md,
   * "Start-up cost", route 2), from a training run of the stage; for a long-lived owner (berthd),
   * since a shim lives no longer than its container.
   */
  boolean buildAotCache(Duration limit, Consumer<Process> started) throws IOException, InterruptedException {
    if (aotCache == null) {
      return false;
    }
    return aotCache.build(jvm, List.of(InitMain.class.getName(), "--train"), limit, started);
  }

  /** The full stage command line for a control socket, with the AOT cache once it exists. */
  List<String> command(Path socket) {
    List<String> cmd = new ArrayList<>(aotCache == null ? jvm : aotCache.apply(jvm));
    cmd.add(InitMain.class.getName());
    cmd.add(socket.toString());
    return cmd;
  }

  private static String codeSource(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static Path unpackJna(Path stateDir) throws IOException {
    String arch = switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "linux-x86-64";
      case "aarch64", "arm64" -> "linux-aarch64";
      default -> throw new IOException("unsupported architecture " + System.getProperty("os.arch"));
    };
    String resource = "/com/sun/jna/" + arch + "/libjnidispatch.so";
    Path dir = stateDir.resolve("jna-" + Native.VERSION_NATIVE);
    Path lib = dir.resolve("libjnidispatch.so");
    if (Files.isRegularFile(lib)) {
      return dir;
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "lib", ".tmp");
    try (InputStream in = Native.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("JNA has no native library " + resource);
      }
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return dir;
  }

  /**
   * Spawns a stage from {@code thread}, lets {@code beforePlan} act on its pid (cgroup placement),
   * sends {@code plan} and returns once the stage reports READY. On failure the stage is killed
   * and the error carries the stage's own message.
   */
  StageProcess launch(NamespaceThread thread, String name, InitPlan plan, Stdio stdio, LongConsumer beforePlan) {
    ProcessIo io = new ProcessIo(stdio, name);
    Waiting stage = null;
    try {
      int[] fds = io.open();
      try {
        stage = spawn(thread, fds, name);
      } finally {
        io.afterSpawn();
      }
      return follow(stage, name, plan, io, beforePlan);
    } catch (RuntimeException | Error e) {
      abort(stage == null ? null : stage.process(), stage == null ? null : stage.channel(), io);
      throw e;
    } catch (Exception e) {
      abort(stage == null ? null : stage.process(), stage == null ? null : stage.channel(), io);
      throw new UnknownException(name + ": " + e.getMessage(), e);
    }
  }

  /** A stage that has started and connected, and waits for its plan. */
  record Waiting(SpawnedProcess process, ControlChannel channel) {
    /** Kills the stage and waits until it is reaped. */
    void discard() {
      process.killForcibly();
      process.waitFor();
      closeQuietly(channel);
    }
  }

  /**
   * Spawns a stage for a sandbox (see {@link Sandbox}) before its container is known: its stdio is
   * /dev/null and descriptor 3 a pidfd of this shim, through which it takes the process's stdio
   * once {@link #adopt} sends the descriptor numbers.
   */
  Waiting spawnWaiting(NamespaceThread thread) {
    int[] fds = {-1, -1, -1, -1};
    try {
      fds[0] = Syscalls.open(Path.of("/dev/null"), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
      fds[1] = Syscalls.open(Path.of("/dev/null"), Syscalls.O_WRONLY | Syscalls.O_CLOEXEC, 0);
      fds[2] = fds[1];
      fds[3] = Syscalls.pidfdOpen(ProcessHandle.current().pid());
      return spawn(thread, fds, "sandbox stage");
    } catch (SyscallException e) {
      throw new UnknownException("sandbox stage: " + e.getMessage(), e);
    } finally {
      Syscalls.closeQuietly(fds[0]);
      Syscalls.closeQuietly(fds[1]);
      Syscalls.closeQuietly(fds[3]);
    }
  }

  /**
   * Gives a waiting sandbox stage its process's stdio and {@code plan}, as {@link #launch} does
   * for a stage it spawns itself. On failure the stage is killed.
   */
  StageProcess adopt(Waiting stage, String name, InitPlan plan, Stdio stdio, LongConsumer beforePlan) {
    ProcessIo io = new ProcessIo(stdio, name);
    try {
      int[] fds = io.open();
      try {
        ByteBuffer numbers = ByteBuffer.allocate(12);
        for (int fd : fds) {
          numbers.putInt(fd);
        }
        stage.channel().send(ControlChannel.STDIO, numbers.array());
        return follow(stage, name, plan, io, beforePlan);
      } finally {
        io.afterSpawn(); // after READY or failure: the stage has taken its copies or is gone
      }
    } catch (RuntimeException | Error e) {
      abort(stage.process(), stage.channel(), io);
      throw e;
    } catch (Exception e) {
      abort(stage.process(), stage.channel(), io);
      throw new UnknownException(name + ": " + e.getMessage(), e);
    }
  }

  /** Spawns a stage with {@code fds} as its first descriptors and waits for it to connect. */
  private Waiting spawn(NamespaceThread thread, int[] fds, String name) {
    Path dir;
    try {
      dir = Files.createTempDirectory(stateDir, "stage");
    } catch (IOException e) {
      throw new UnknownException("create stage directory in " + stateDir + ": " + e.getMessage(), e);
    }
    Path socket = dir.resolve("c");
    SpawnedProcess process = null;
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      process = SpawnedProcess.start(thread, command(socket), fds, stateDir);
      SpawnedProcess spawned = process;
      process.onExit().thenRun(() -> closeQuietly(server));
      try {
        return new Waiting(process, new ControlChannel(server.accept()));
      } catch (ClosedChannelException e) {
        throw new UnknownException(name + ": init stage exited with status " + spawned.waitFor()
            + " before connecting");
      }
    } catch (RuntimeException | Error e) {
      abort(process, null, null);
      throw e;
    } catch (Exception e) {
      abort(process, null, null);
      throw new UnknownException(name + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // a leftover empty directory under the state dir is harmless
      }
    }
  }

  /** Places the stage ({@code beforePlan}), sends its plan and follows it until READY. */
  private static StageProcess follow(Waiting stage, String name, InitPlan plan, ProcessIo io,
      LongConsumer beforePlan) throws Exception {
    SpawnedProcess process = stage.process();
    ControlChannel channel = stage.channel();
    beforePlan.accept(process.pid());
    channel.send(ControlChannel.PLAN, PlanCodec.encode(plan));
    while (true) {
      ControlChannel.Message m = channel.receive();
      if (m == null) {
        throw new UnknownException(name + ": init stage exited with status " + process.waitFor()
            + " before it was ready");
      }
      switch (m.type()) {
        case ControlChannel.READY -> {
          return new StageProcess(process, channel, io);
        }
        case ControlChannel.ERROR -> throw new UnknownException(name + ": " + m.text());
        case ControlChannel.PTY -> {
          io.attachTerminal(takeFd(process.pid(), m.intValue()));
          channel.send(ControlChannel.PTY_TAKEN, new byte[0]);
        }
        default -> throw new UnknownException(name + ": unexpected control message " + m.type());
      }
    }
  }

  private static int takeFd(long pid, int fd) throws SyscallException {
    int pidfd = Syscalls.pidfdOpen(pid);
    try {
      return Syscalls.pidfdGetfd(pidfd, fd);
    } finally {
      Syscalls.closeQuietly(pidfd);
    }
  }

  private static void abort(SpawnedProcess process, ControlChannel channel, ProcessIo io) {
    if (process != null) {
      process.killForcibly();
      process.waitFor();
    }
    if (channel != null) {
      closeQuietly(channel);
    }
    if (io != null) {
      io.close();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
