package io.berth.ctr.compare;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's containerd 1.6 on its own root, state and socket in a temporary directory, with the CRI
 * plugin off; never the system's /run/containerd. Closing stops it and deletes the directory.
 */
final class PrivateContainerd implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/containerd");
  static final Path CTR = Path.of("/usr/bin/ctr");

  private final Path dir;
  private final Process process;

  private PrivateContainerd(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  static boolean available() {
    return Files.isExecutable(BINARY) && Files.isExecutable(CTR) && "root".equals(System.getProperty("user.name"));
  }

  static PrivateContainerd start() throws IOException, InterruptedException {
    Path base = Files.createDirectories(Path.of("/var/tmp/berth-ctr-tests"));
    Path dir = Files.createTempDirectory(base, "containerd-");
    Path config = dir.resolve("config.toml");
    Path socket = dir.resolve("d.sock");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version = 2",
            "root = \"" + dir.resolve("root") + "\"",
            "state = \"" + dir.resolve("state") + "\"",
            "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
            "[grpc]",
            "  address = \"" + socket + "\"",
            "[ttrpc]",
            "  address = \"" + socket + ".ttrpc\"",
            "[debug]",
            "  address = \"\"",
            ""));
    Process p =
        new ProcessBuilder(BINARY.toString(), "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("containerd.log").toFile())
            .start();
    PrivateContainerd d = new PrivateContainerd(dir, p);
    try {
      d.awaitSocket();
    } catch (IOException | RuntimeException | InterruptedException e) {
      d.close();
      throw e;
    }
    return d;
  }

  Path socket() {
    return dir.resolve("d.sock");
  }

  private void awaitSocket() throws IOException, InterruptedException {
    // containerd listens within a second or two; give a loaded machine a minute
    for (int i = 0; i < 3000; i++) {
      if (!process.isAlive()) {
        throw new IOException("containerd exited: " + Files.readString(dir.resolve("containerd.log")));
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
    throw new IOException("containerd did not listen on " + socket());
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
