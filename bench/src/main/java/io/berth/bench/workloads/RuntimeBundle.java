package io.berth.bench.workloads;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.bench.run.WorkloadFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An OCI bundle for the runtime workloads, on the same disk as the daemons' roots: {@code rootfs/}
 * with busybox-static and a link per applet, and {@code config.json}, which is ctr's default spec
 * ({@code ctr oci spec}) running {@code /bin/true} in that rootfs with the default PATH and a
 * cgroup of its own ({@code /}{@value #CGROUP_PARENT}{@code /<id>}), as {@code ctr run --rootfs}
 * would give it. Berth and
 * runc start containers from the very same files. {@link #close()} deletes the bundle and the
 * (empty) parent cgroups.
 */
final class RuntimeBundle implements AutoCloseable {

  /** The parent of every runtime workload container's cgroup. */
  static final String CGROUP_PARENT = "berth-bench-runtime";

  private static final Path BASE = Path.of("/var/tmp/berth-bench");
  private static final Path CTR = Path.of("/usr/bin/ctr");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile byte[] ctrDefault;

  private final Path dir;

  private RuntimeBundle(Path dir) {
    this.dir = dir;
  }

  static RuntimeBundle create() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory(Files.createDirectories(BASE), "runtime-bundle-");
      RuntimeBundle b = new RuntimeBundle(dir);
      b.fillRootfs();
      return b;
    } catch (IOException e) {
      if (dir != null) {
        deleteTree(dir);
      }
      throw new WorkloadFailure("cannot make a busybox bundle: " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  Path config() {
    return dir.resolve("config.json");
  }

  /** The cgroup path container {@code id} gets. */
  static String cgroupsPath(String id) {
    return "/" + CGROUP_PARENT + "/" + id;
  }

  /** Writes config.json for container {@code id}: ctr's default spec, /bin/true, its cgroup. */
  void writeConfig(String id) {
    try {
      ObjectNode spec = (ObjectNode) JSON.readTree(ctrDefaultSpec());
      ObjectNode process = spec.withObject("/process");
      process.putArray("args").add("/bin/true");
      process.putArray("env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
      process.put("terminal", false);
      spec.withObject("/root").put("path", "rootfs");
      spec.withObject("/linux").put("cgroupsPath", cgroupsPath(id));
      JSON.writeValue(config().toFile(), spec);
    } catch (IOException e) {
      throw new WorkloadFailure("cannot write " + config() + ": " + e.getMessage(), e);
    }
  }

  /** The output of {@code ctr oci spec}, read once. */
  private static byte[] ctrDefaultSpec() throws IOException {
    byte[] spec = ctrDefault;
    if (spec != null) {
      return spec;
    }
    if (!Files.isExecutable(CTR)) {
      throw new IOException(CTR + " is missing (it gives ctr's default spec); run bin/setup");
    }
    Process p = new ProcessBuilder(CTR.toString(), "oci", "spec")
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    spec = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("ctr oci spec failed: " + new String(spec, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running ctr oci spec", e);
    }
    ctrDefault = spec;
    return spec;
  }

  private void fillRootfs() throws IOException {
    BusyboxRootfs.fill(dir.resolve("rootfs"));
  }

  /** Deletes the bundle and the parent cgroup in every hierarchy (it is empty by now). */
  @Override
  public void close() {
    deleteTree(dir);
    Path cgroups = Path.of("/sys/fs/cgroup");
    try (Stream<Path> hierarchies = Files.list(cgroups)) {
      for (Path h : Stream.concat(Stream.of(cgroups), hierarchies).toList()) {
        Path parent = h.resolve(CGROUP_PARENT);
        if (Files.isDirectory(parent)) {
          Files.deleteIfExists(parent);
        }
      }
    } catch (IOException e) {
      throw new WorkloadFailure("cannot remove the cgroup " + CGROUP_PARENT + ": " + e.getMessage(),
          e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
