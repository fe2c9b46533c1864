package io.berth.ctr.compare;

import io.berth.daemon.launch.JvmOptions;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A daemon as its own process on a private root, state and socket in a temporary directory: berthd
 * from this test class path (the daemon module is a test dependency), or Debian's containerd 1.6
 * with the CRI plugin off (never the system's /run/containerd). Closing stops it and deletes the
 * directory.
 */
final class PrivateDaemon implements AutoCloseable {

  static final Path CONTAINERD = Path.of("/usr/bin/containerd");
  static final Path CTR = Path.of("/usr/bin/ctr");

  private final String name;
  private final Path dir;
  private final Process process;

  private PrivateDaemon(String name, Path dir, Process process) {
    this.name = name;
    this.dir = dir;
    this.process = process;
  }

  /** Whether the comparisons can run here: root, containerd and ctr. */
  static boolean available() {
    return Files.isExecutable(CONTAINERD) && Files.isExecutable(CTR) && "root".equals(System.getProperty("user.name"));
  }

  static PrivateDaemon berthd() throws IOException, InterruptedException {
    Path dir = newDir("berthd-");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmOptions.berthd());
    cmd.addAll(List.of(
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        "-cp",
        System.getProperty("java.class.path"),
        "io.berth.daemon.Berthd",
        "--root=" + dir.resolve("root"),
        "--state=" + dir.resolve("state"),
        "--address=" + socketIn(dir)));
    return start("berthd", dir, cmd);
  }

  static PrivateDaemon containerd() throws IOException, InterruptedException {
    Path dir = newDir("containerd-");
    Path config = dir.resolve("config.toml");
    Files.writeString(config, String.join("\n",
        "version = 2",
        "root = \"" + dir.resolve("root") + "\"",
        "state = \"" + dir.resolve("state") + "\"",
        "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
        "[grpc]",
        "  address = \"" + socketIn(dir) + "\"",
        "[ttrpc]",
        "  address = \"" + socketIn(dir) + ".ttrpc\"",
        "[debug]",
        "  address = \"\"",
        ""));
    return start("containerd", dir, List.of(CONTAINERD.toString(), "--config", config.toString()));
  }

  Path socket() {
    return socketIn(dir);
  }

  private static Path newDir(String prefix) throws IOException {
    return Files.createTempDirectory(Files.createDirectories(Path.of("/var/tmp/berth-ctr-tests")), prefix);
  }

  private static Path socketIn(Path dir) {
    return dir.resolve("d.sock");
  }

  private static PrivateDaemon start(String name, Path dir, List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
    PrivateDaemon d = new PrivateDaemon(name, dir, p);
    try {
      d.awaitSocket();
    } catch (IOException | RuntimeException | InterruptedException e) {
      d.close();
      throw e;
    }
    return d;
  }

  private void awaitSocket() throws IOException, InterruptedException {
    // both listen within a second or two; give a loaded machine a minute
    for (int i = 0; i < 3000; i++) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited: " + Files.readString(dir.resolve(name + ".log")));
      }
      if (Files.exists(socket())) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
          ch.connect(UnixDomainSocketAddress.of(socket()));
          return;
        } catch (IOException notYet) {
          // not listening yet
        }
      }
      Thread.sleep(20);
    }
    throw new IOException(name + " did not listen on " + socket());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
