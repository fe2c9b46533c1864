package io.berth.bench.workloads;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A container root filesystem from Debian's static /bin/busybox: the binary, a link per applet. */
public final class BusyboxRootfs {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private BusyboxRootfs() {}

  /** Fills {@code rootfs} (created if absent): bin/ with busybox and its applets, etc, tmp... */
  public static void fill(Path rootfs) throws IOException {
    Path bin = Files.createDirectories(rootfs.resolve("bin"));
    for (String d : new String[] {"etc", "tmp", "proc", "dev", "sys", "run", "root"}) {
      Files.createDirectories(rootfs.resolve(d));
    }
    Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    Process list = new ProcessBuilder(BUSYBOX.toString(), "--list")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (list.waitFor() != 0) {
        throw new IOException("busybox --list failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running busybox --list", e);
    }
    for (String a : applets.split("\\s+")) {
      if (!a.isEmpty() && !a.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
      }
    }
    for (String needed : new String[] {"true", "sleep"}) {
      if (!Files.exists(bin.resolve(needed))) {
        throw new IOException(BUSYBOX + " has no " + needed + " applet");
      }
    }
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
  }
}
