package io.berth.shim.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Empty;
import io.berth.api.services.events.ttrpc.v1.Envelope;
import io.berth.api.services.events.ttrpc.v1.ForwardRequest;
import io.berth.api.task.v2.ConnectRequest;
import io.berth.api.ttrpc.TtrpcClient;
import io.berth.api.ttrpc.TtrpcEvents;
import io.berth.api.ttrpc.TtrpcServer;
import io.berth.api.ttrpc.TtrpcService;
import io.berth.shim.main.ShimAddress;
import io.berth.shim.main.ShimMain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A real berth-shim process started with its {@code start} verb on a busybox bundle, a fake
 * berthd that collects the events the shim forwards over ttrpc, and a client of the shim's socket. Closing
 * kills whatever is left and removes the directory.
 */
final class ShimFixture implements AutoCloseable {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path bundle;
    final Path rootfs;
    final BlockingQueue<Envelope> events = new LinkedBlockingQueue<>();
    private final TtrpcServer berthd;
    private final Path berthdSocket;
    private TtrpcClient channel;
    TaskClient shim;
    long shimPid;
    String address;

    ShimFixture(String id, String... args) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("berth-shim-test");
        bundle = dir.resolve("bundle");
        rootfs = bundle.resolve("rootfs");
        busyboxRootfs(rootfs);
        writeSpec(id, args);
        berthdSocket = dir.resolve("berthd.sock");
        berthd = TtrpcServer.listen(TtrpcEvents.socketOf(berthdSocket), null).register(
                new TtrpcService(TtrpcEvents.SERVICE).method(TtrpcEvents.FORWARD, ForwardRequest.parser(), (r, c) -> {
                    events.add(r.getEnvelope());
                    return Empty.getDefaultInstance();
                }));
        startShim(id);
    }

    private void startShim(String id) throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-Xlog:class+load=info:file=" + dir.resolve("class-load-%p.log"),
                "-cp", System.getProperty("java.class.path"), ShimMain.class.getName(),
                "-namespace", "testns", "-id", id, "-bundle", bundle.toString(),
                "-address", berthdSocket.toString(), "-socket-dir", dir.resolve("s").toString(), "start");
        Process start = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!start.waitFor(60, TimeUnit.SECONDS) || start.exitValue() != 0) {
            throw new IOException("shim start failed (" + start.exitValue() + "): " + out + "\n" + log());
        }
        address = out;
        channel = TtrpcClient.connect(ShimAddress.parse(out));
        shim = new TaskClient(channel, Duration.ofSeconds(60));
        shimPid = shim.connect(ConnectRequest.newBuilder().setId(id).build()).getShimPid();
    }

    String log() {
        try {
            return Files.readString(bundle.resolve("shim.log"));
        } catch (IOException e) {
            return "(no shim log)";
        }
    }

    /** The names of the classes the shim process loaded so far (its -Xlog:class+load). */
    List<String> loadedClasses() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("class-load-" + shimPid + ".log"))) {
            int end = line.indexOf(" source:");
            int start = line.lastIndexOf(' ', end - 1);
            if (end > 0 && start >= 0) {
                names.add(line.substring(start + 1, end));
            }
        }
        return names;
    }

    /** The next forwarded event, waiting up to 30 s. */
    Envelope nextEvent() throws InterruptedException {
        Envelope e = events.poll(30, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 30 s; shim log:\n" + log());
        }
        return e;
    }

    List<Envelope> drainEvents() {
        List<Envelope> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    /** Waits for the shim process to exit by itself; true if it did. */
    boolean awaitShimExit() throws InterruptedException {
        return awaitGone(shimPid, 30_000);
    }

    /**
     * Polls /proc until {@code pid} is gone or a zombie. The shim is not this JVM's child (it
     * runs in its own session), so ProcessHandle.onExit cannot be relied on.
     */
    static boolean awaitGone(long pid, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                if (stat.charAt(stat.lastIndexOf(')') + 2) == 'Z') {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private void writeSpec(String id, String... args) throws IOException {
        ObjectNode spec;
        try (InputStream in = ShimFixture.class.getResourceAsStream("/io/berth/shim/spec/ctr-default.json")) {
            spec = (ObjectNode) JSON.readTree(in);
        }
        ((ObjectNode) spec.get("root")).put("path", rootfs.toString());
        spec.put("hostname", id);
        ArrayNode a = ((ObjectNode) spec.get("process")).putArray("args");
        for (String s : args) {
            a.add(s);
        }
        ((ObjectNode) spec.get("linux")).put("cgroupsPath", "");
        Files.write(bundle.resolve("config.json"), JSON.writeValueAsBytes(spec));
    }

    static void busyboxRootfs(Path rootfs) throws IOException, InterruptedException {
        Path bin = rootfs.resolve("bin");
        Files.createDirectories(bin);
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (list.waitFor() != 0) {
            throw new IOException("busybox --list failed: " + applets);
        }
        for (String name : applets.split("\\s+")) {
            if (!name.isEmpty() && !name.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(name), Path.of("busybox"));
            }
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
    }

    static void mkfifo(Path p) throws IOException, InterruptedException {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (mk.waitFor() != 0) {
            throw new IOException("mkfifo " + p + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        if (channel != null) {
            channel.close();
        }
        ProcessHandle.of(shimPid).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        });
        awaitGone(shimPid, 10_000);
        berthd.close(Duration.ZERO);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
