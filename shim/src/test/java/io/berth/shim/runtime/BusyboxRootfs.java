package io.berth.shim.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A bundle directory with a busybox-static rootfs, for tests on the real kernel. */
final class BusyboxRootfs implements AutoCloseable {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    final Path bundle;
    final Path rootfs;

    private BusyboxRootfs(Path bundle) {
        this.bundle = bundle;
        this.rootfs = bundle.resolve("rootfs");
    }

    static BusyboxRootfs create() throws IOException, InterruptedException {
        Path bundle = Files.createTempDirectory("berth-bundle");
        BusyboxRootfs r = new BusyboxRootfs(bundle);
        Path bin = r.rootfs.resolve("bin");
        Files.createDirectories(bin);
        Files.createDirectories(r.rootfs.resolve("etc"));
        Files.createDirectories(r.rootfs.resolve("tmp"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (list.waitFor() != 0) {
            throw new IOException("busybox --list failed: " + applets);
        }
        for (String a : applets.split("\\s+")) {
            if (!a.isEmpty() && !a.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
            }
        }
        Files.writeString(r.rootfs.resolve("etc/passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(r.rootfs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
        return r;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(bundle)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
