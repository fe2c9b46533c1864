package io.berth.integration.tasks;

import io.berth.integration.harness.PairedDaemons;
import io.berth.integration.harness.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A rootfs made from Debian's static /bin/busybox: the binary and a symlink per applet. */
final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    /**
     * berthd and containerd side by side with a busybox rootfs as their scratch directory; after
     * the class, what its tasks left behind is killed and the (then empty) cgroup parents removed:
     * {@code /<cgroupParents[i]>}, the namespace for tasks in default cgroups (see
     * {@link Leftovers#close}).
     */
    static PairedDaemons withDaemons(String... cgroupParents) {
        return new PairedDaemons(BusyboxRootfs::create, d -> Leftovers.close(d, cgroupParents));
    }

    static Path create() {
        Path rootfs = TempDirs.create("busybox-rootfs-");
        try {
            Path bin = rootfs.resolve("bin");
            Files.createDirectories(bin);
            for (String d : new String[] {"etc", "tmp", "proc", "sys", "dev", "root"}) {
                Files.createDirectories(rootfs.resolve(d));
            }
            Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            Process list = new ProcessBuilder("/bin/busybox", "--list").redirectErrorStream(true).start();
            String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (list.waitFor() != 0) {
                throw new IOException("busybox --list failed: " + applets);
            }
            for (String a : applets.split("\\s+")) {
                if (!a.isEmpty() && !a.equals("busybox")) {
                    Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
                }
            }
            Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
            return rootfs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
