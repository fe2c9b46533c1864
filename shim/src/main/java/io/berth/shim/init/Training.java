package io.berth.shim.init;

import com.sun.jna.StringArray;
import io.berth.shim.sys.Errno;
import io.berth.shim.sys.NamespaceType;
import io.berth.shim.sys.SyscallException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run of the stage's ahead-of-time cache ({@code InitMain --train}): the JVM archives
 * only the classes a training run loads and the call sites it links, and a stage loads anything
 * else from the runtime image and the jars at every start. So this run goes through as much of a
 * real start as it can without changing anything: the control channel over a real unix socket
 * (its NIO classes and the secure random the JDK seeds for unix sockets), the plan codec, the
 * file reads and writes of the setup, the executable lookup, and the classes of the mount and
 * process steps. It works in a temporary directory under the current one and removes it.
 */
final class Training {
  private Training() {
  }

  static void run() throws IOException, SyscallException, StageFailure {
    InitMain.warmUp();
    InitPlan plan = InitMain.samplePlan();
    Path dir = Files.createTempDirectory(Path.of(""), "training");
    Path socket = dir.resolve("c");
    try {
      controlChannel(socket, plan);
      Path file = dir.resolve("f");
      Files.writeString(file, "0");
      Files.readAllLines(file);
      Files.delete(file);
      new ProcessSetup(plan.process()).rehearse();
      RootfsSetup.CgroupHierarchy.ofThisProcess();
      new RootfsSetup.CgroupHierarchy("cpu", "cgroup", "rw,cpu").pathIn(List.of("1:cpu:/"));
      SecurePath.exists(Path.of("/proc/self"));
      new RootfsSetup(plan.rootfs());
      new InitPlan.DeviceNode("/dev/null", 'c', 1, 3, 0666, 0, 0).path();
      NamespaceType.valueOf("MOUNT").cloneFlag();
      Errno.describe(Errno.ENOENT);
      new StringArray(new String[] {"/bin/true"}).getString(0);
      new StageFailure("training").getMessage();
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  /** Both ends of a control channel: the shim's sends the plan, the stage's answers READY. */
  private static void controlChannel(Path socket, InitPlan plan) throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      try (ControlChannel stage = new ControlChannel(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
           ControlChannel shim = new ControlChannel(server.accept())) {
        shim.send(ControlChannel.PLAN, PlanCodec.encode(plan));
        ControlChannel.Message m = stage.receive();
        PlanCodec.decode(m.payload());
        stage.send(ControlChannel.READY, new byte[0]);
        shim.receive();
        stage.send(ControlChannel.ERROR, "training");
        shim.receive().text();
      }
    }
  }
}
