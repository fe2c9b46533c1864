package io.berth.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.anys.Anys;
import io.berth.api.runc.v1.Options;
import io.berth.api.services.events.v1.Envelope;
import io.berth.events.Exchange;
import io.berth.events.Subscription;
import io.berth.metadata.Container;
import io.berth.metadata.MetadataDb;
import io.berth.metadata.TypedValue;
import io.berth.metadata.local.Containers;
import io.berth.metadata.local.LocalServices;
import io.berth.mount.Mounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What berthd gives the task manager, for real: a RocksDB metadata store, the event exchange fed
 * by the ttrpc Events.Forward endpoint berthd serves (where the shims send their events), the mount
 * helper, and a busybox rootfs. Closing kills leftover shims and containers and removes it all.
 */
final class TasksFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path rootfs;
    final Path state;
    final Exchange exchange = new Exchange();
    final Subscription events;
    final MetadataDb db;
    final Containers containers;
    final Mounter mounter = new Mounter();
    private final ShimEvents berthd;
    final TaskConfig config;
    private final List<LocalTaskManager> managers = new ArrayList<>();

    TasksFixture() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("berth-tasks-test");
        rootfs = dir.resolve("rootfs");
        state = dir.resolve("state");
        busyboxRootfs(rootfs);
        db = MetadataDb.open(dir.resolve("root"));
        containers = LocalServices.of(db, exchange).containers();
        events = exchange.subscribe("topic~=|^/tasks/|");
        Path socket = dir.resolve("berthd.sock");
        berthd = ShimEvents.serve(socket, exchange::forward);
        // the AOT caches are shared by the tests of this module (in target/, like any build output)
        config = TaskConfig.of(state, socket, TaskConfig.DEFAULT_SHIM_POOL, Path.of("target", "aot").toAbsolutePath());
    }

    LocalTaskManager open() {
        return open(config.shimPool());
    }

    /** A task manager keeping {@code shimPool} started shims ready. */
    LocalTaskManager open(int shimPool) {
        LocalTaskManager m = LocalTaskManager.open(config.withShimPool(shimPool), containers, exchange, mounter);
        managers.add(m);
        return m;
    }

    /** A container as ctr would make it: ctr's default spec, root.path = the busybox rootfs. */
    void container(String ns, String id, String runtime, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ctr", "oci", "spec").start();
        ObjectNode spec = (ObjectNode) JSON.readTree(p.getInputStream().readAllBytes());
        p.waitFor();
        ((ObjectNode) spec.get("root")).put("path", rootfs.toString());
        spec.put("hostname", id);
        ArrayNode a = ((ObjectNode) spec.get("process")).putArray("args");
        for (String s : args) {
            a.add(s);
        }
        ((ObjectNode) spec.get("linux")).put("cgroupsPath", "/berth-tasks-test/" + ns + "-" + id);
        var options = Anys.pack(Options.getDefaultInstance());
        containers.create(ns, Container.builder(id)
                .runtime(runtime, new TypedValue(options.getTypeUrl(), options.getValue().toByteArray()))
                .spec(new TypedValue(Anys.OCI_SPEC, JSON.writeValueAsBytes(spec)))
                .build());
    }

    /** The next task event, or an error after 30 s. */
    Envelope nextEvent() throws InterruptedException {
        Envelope e = events.next(30, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no task event within 30 s");
        }
        return e;
    }

    static void busyboxRootfs(Path rootfs) throws IOException, InterruptedException {
        Path bin = rootfs.resolve("bin");
        Files.createDirectories(bin);
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process list = new ProcessBuilder("/bin/busybox", "--list").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        for (String name : applets.split("\\s+")) {
            if (!name.isEmpty() && !name.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(name), Path.of("busybox"));
            }
        }
    }

    /** Kills every shim (and its container) whose bundle is still on disk. */
    private void killShims() throws IOException {
        for (Bundle b : Bundle.list(config.tasksDir())) {
            ProcessRef.decode(readOr(b.dir.resolve(Bundle.INIT_PID))).ifPresent(ProcessRef::kill);
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                if (readOr(p.resolve("cmdline")).contains(dir.toString())) {
                    ProcessHandle.of(Long.parseLong(p.getFileName().toString())).ifPresent(h -> {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    });
                }
            }
        }
    }

    private static String readOr(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        managers.forEach(LocalTaskManager::close);
        killShims();
        Thread.sleep(200);
        for (Bundle b : Bundle.list(config.tasksDir())) {
            try {
                b.delete(mounter);
            } catch (IOException e) {
                System.err.println("cleanup: " + e);
            }
        }
        new ProcessBuilder("sh", "-c", "for d in /sys/fs/cgroup/*/berth-tasks-test /sys/fs/cgroup/unified/berth-tasks-test;"
                + " do [ -d $d ] && find $d -depth -type d -exec rmdir {} \\; ; done; true").inheritIO().start().waitFor();
        events.close();
        exchange.close();
        db.close();
        berthd.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
