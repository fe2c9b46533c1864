package io.berth.ctr.compare;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * berthd as its own process, from this test class path (the daemon module is a test dependency),
 * on a private root, state and socket in a temporary directory. Closing stops it and deletes the
 * directory.
 */
final class PrivateBerthd implements AutoCloseable {

  private final Path dir;
  private final Process process;

  private PrivateBerthd(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  static PrivateBerthd start() throws IOException, InterruptedException {
    Path base = Files.createDirectories(Path.of("/var/tmp/berth-ctr-tests"));
    Path dir = Files.createTempDirectory(base, "berthd-");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-cp",
            System.getProperty("java.class.path"),
            "io.berth.daemon.Berthd",
            "--root=" + dir.resolve("root"),
            "--state=" + dir.resolve("state"),
            "--address=" + dir.resolve("d.sock"));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("berthd.log").toFile())
            .start();
    PrivateBerthd d = new PrivateBerthd(dir, p);
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
    for (int i = 0; i < 3000; i++) {
      if (!process.isAlive()) {
        throw new IOException("berthd exited: " + Files.readString(dir.resolve("berthd.log")));
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
    throw new IOException("berthd did not listen on " + socket());
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
