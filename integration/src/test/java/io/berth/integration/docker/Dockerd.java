package io.berth.integration.docker;

import io.berth.integration.harness.TempDirs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's dockerd 20.10 on private directories (data root, exec root, pid file, socket, config,
 * cgroup parent) driving a given containerd socket: berthd's or the reference containerd's. It
 * touches no host networking: no bridge, no iptables, no masquerading.
 */
final class Dockerd implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/dockerd");

  private final Path dir;
  private final Path containerd;
  private final String cgroupParent;
  private Process process;

  Dockerd(Path containerd) {
    this.dir = TempDirs.create("dockerd-");
    this.containerd = containerd;
    this.cgroupParent = "/berth-it-" + dir.getFileName();
  }

  static boolean installed() {
    return Files.isExecutable(BINARY) && Files.isExecutable(Docker.CLIENT);
  }

  Path dir() {
    return dir;
  }

  Path log() {
    return dir.resolve("dockerd.log");
  }

  Path socket() {
    return dir.resolve("docker.sock");
  }

  Docker client() {
    return new Docker(socket(), dir.resolve("client"));
  }

  /** Starts dockerd and waits until it answers {@code docker version}. */
  Dockerd start() {
    try {
      Files.createDirectories(dir.resolve("client"));
      // the trust key goes to the private dir, not /etc/docker/key.json
      Files.writeString(dir.resolve("daemon.json"),
          "{\"deprecated-key-path\": \"" + dir.resolve("key.json") + "\"}\n");
      Files.deleteIfExists(socket());
      List<String> cmd = List.of(BINARY.toString(),
          "--config-file", dir.resolve("daemon.json").toString(),
          "--containerd", containerd.toString(),
          "--data-root", dir.resolve("data").toString(),
          "--exec-root", dir.resolve("exec").toString(),
          "--pidfile", dir.resolve("docker.pid").toString(),
          "-H", "unix://" + socket(),
          "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false",
          "--userland-proxy=false", "--storage-driver=overlay2",
          "--cgroup-parent=" + cgroupParent, "--log-level=debug");
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      process = pb.start();
      awaitReady(Duration.ofSeconds(180));
      return this;
    } catch (IOException e) {
      throw new AssertionError("cannot start dockerd: " + e, e);
    }
  }

  private void awaitReady(Duration limit) throws IOException {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("dockerd exited with " + process.exitValue() + ":\n" + tail());
      }
      if (Files.exists(socket())
          && client().run(null, 30, List.of("version")).exitCode() == 0) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError("dockerd did not answer within " + limit + ":\n" + tail());
  }

  /** The end of dockerd's log, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * SIGTERM, as a service manager stops it: dockerd stops its containers (without live-restore)
   * and exits. SIGKILL after two minutes. The directory stays, for a restart.
   */
  int stop() {
    if (process == null || !process.isAlive()) {
      return process == null ? 0 : process.exitValue();
    }
    process.destroy();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /**
   * Stops dockerd, then removes what it left: overlay mounts under the data root, the directory,
   * and the cgroups under its private parent (call after the containerd side is gone).
   */
  @Override
  public void close() {
    try {
      stop();
    } finally {
      removeCgroups();
      unmountAll();
      TempDirs.deleteRecursively(dir);
    }
  }

  private void unmountAll() {
    for (String m : TempDirs.mountsUnder(dir)) {
      try {
        new ProcessBuilder("umount", "-l", m).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
      } catch (IOException e) {
        // the delete below reports what stays
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Empty cgroup directories under the private parent in every hierarchy, deepest first. */
  void removeCgroups() {
    List<Path> roots = new ArrayList<>();
    Path base = Path.of("/sys/fs/cgroup");
    roots.add(base.resolve(cgroupParent.substring(1)));
    try (Stream<Path> hierarchies = Files.list(base)) {
      hierarchies.filter(Files::isDirectory).forEach(h -> roots.add(h.resolve(cgroupParent.substring(1))));
    } catch (IOException e) {
      return;
    }
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path d : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
          try {
            Files.deleteIfExists(d);
          } catch (IOException e) {
            // busy: a process is still in it; reported by the test's leak check
          }
        }
      } catch (IOException e) {
        // vanished meanwhile
      }
    }
  }

  /** Cgroup directories still present under the private parent. */
  List<Path> leftoverCgroups() {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      hierarchies.map(h -> h.resolve(cgroupParent.substring(1))).filter(Files::isDirectory).forEach(found::add);
    } catch (IOException e) {
      // no cgroup file system
    }
    return found;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
