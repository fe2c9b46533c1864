package io.berth.integration.docker;

import io.berth.integration.harness.Berthd;
import io.berth.integration.harness.DaemonProcess;
import io.berth.integration.harness.ReferenceContainerd;
import io.berth.integration.harness.TempDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A containerd-API daemon (berthd, or the reference containerd 1.6) with a private dockerd on top
 * and a busybox image imported without a registry. Closing tears everything down even after a
 * failure: dockerd (which stops its containers), the daemon, the shims and containers left under
 * the daemon's directory, dockerd's mounts, cgroups and directories.
 */
final class DockerStack implements AutoCloseable {
  static final String IMAGE = "berth-busybox:test";

  private final String name;
  private final DaemonProcess daemon;
  private final Dockerd dockerd;

  private DockerStack(String name, DaemonProcess daemon) {
    this.name = name;
    this.daemon = daemon;
    this.dockerd = new Dockerd(daemon.socket());
  }

  static DockerStack onBerthd() {
    return start("berthd", new Berthd());
  }

  static DockerStack onContainerd() {
    return start("containerd", new ReferenceContainerd());
  }

  private static DockerStack start(String name, DaemonProcess daemon) {
    DockerStack stack = new DockerStack(name, daemon);
    try {
      daemon.start();
      stack.dockerd.start();
      stack.importImage();
      return stack;
    } catch (RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  String name() {
    return name;
  }

  Docker docker() {
    return dockerd.client();
  }

  Dockerd dockerd() {
    return dockerd;
  }

  DaemonProcess daemon() {
    return daemon;
  }

  /** A rootfs of Debian's static busybox (the binary and a link per applet), imported as {@link #IMAGE}. */
  private void importImage() {
    Path rootfs = dockerd.dir().resolve("image-rootfs");
    Path tar = dockerd.dir().resolve("image.tar");
    try {
      Path bin = Files.createDirectories(rootfs.resolve("bin"));
      for (String d : List.of("etc", "tmp", "proc", "sys", "dev", "root")) {
        Files.createDirectories(rootfs.resolve(d));
      }
      Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
      Process list = new ProcessBuilder("/bin/busybox", "--list").redirectErrorStream(true).start();
      String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!list.waitFor(30, TimeUnit.SECONDS) || list.exitValue() != 0) {
        throw new AssertionError("busybox --list failed: " + applets);
      }
      for (String a : applets.split("\\s+")) {
        if (!a.isEmpty() && !a.equals("busybox")) {
          Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
        }
      }
      Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
      Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
      Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")
          .redirectErrorStream(true).start();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("tar failed: " + new String(p.getInputStream().readAllBytes()));
      }
      docker().run("import", tar.toString(), IMAGE).ok();
    } catch (IOException e) {
      throw new AssertionError("cannot build the busybox image: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      TempDirs.deleteRecursively(rootfs);
    }
  }

  @Override
  public void close() {
    try {
      dockerd.stop();
    } finally {
      try {
        daemon.close();
      } finally {
        killProcessesMentioning(daemon.dir());
        killProcessesMentioning(dockerd.dir());
        dockerd.close();
      }
    }
  }

  /** Shims and their containers outlive their daemon by design: kill what a failed test left. */
  private static void killProcessesMentioning(Path dir) {
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid == ProcessHandle.current().pid()) {
          continue;
        }
        try {
          if (Files.readString(p.resolve("cmdline")).contains(dir.toString())) {
            ProcessHandle.of(pid).ifPresent(h -> {
              h.descendants().forEach(ProcessHandle::destroyForcibly);
              h.destroyForcibly();
            });
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
