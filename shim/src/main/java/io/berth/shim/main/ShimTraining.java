package io.berth.shim.main;

import io.berth.api.task.v2.ConnectRequest;
import io.berth.api.task.v2.ShutdownRequest;
import io.berth.api.task.v2.StateRequest;
import io.berth.api.ttrpc.TtrpcClient;
import io.berth.api.ttrpc.TtrpcException;
import io.berth.shim.runtime.StageCache;
import io.berth.shim.server.ShimServer;
import io.berth.shim.server.TaskClient;
import io.berth.shim.server.TaskRehearsal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The {@code train} verb: the training run of the shim JVM's ahead-of-time cache. It goes through
 * a pooled shim's start-up (listen, warm up, rehearse a task, assign) in a temporary directory,
 * calls its own server as berthd would (Connect, State, Shutdown), and exits normally so that the
 * JVM writes the cache. It touches nothing outside that directory but the stage's state directory
 * and the rehearsal's scratch cgroup, which it removes.
 */
final class ShimTraining {
    static final String VERB = "train";
    /** What a training run's scratch directory (in java.io.tmpdir) is named after. */
    static final String DIR_PREFIX = "berth-shim-train";
    /** Longer than berthd lets a training run last (3 minutes). */
    static final Duration STALE_AFTER = Duration.ofMinutes(30);

    private ShimTraining() {
    }

    /**
     * Calls the shim server on {@code socket} as berthd would: Connect and State, then Shutdown when
     * {@code shutdown}. Errors are part of the exercise (a pooled shim answers UNIMPLEMENTED before
     * it has a task), so they are ignored.
     */
    static void call(Path socket, boolean shutdown) {
        try (TtrpcClient client = TtrpcClient.connect(socket)) {
            TaskClient task = new TaskClient(client, Duration.ofSeconds(30));
            try {
                task.connect(ConnectRequest.newBuilder().setId("train").build());
                task.state(StateRequest.newBuilder().setId("train").build());
            } catch (TtrpcException expected) {
                // no task (yet): the error path is exercised too
            }
            if (shutdown) {
                task.shutdown(ShutdownRequest.newBuilder().setId("train").build());
            }
        }
    }

    static void run() throws IOException, InterruptedException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeStale(tmp);
        Path dir = Files.createTempDirectory(tmp, DIR_PREFIX);
        try {
            Path bundle = Files.createDirectories(dir.resolve("bundle"));
            Path socket = dir.resolve("s");
            ShimServer server = ShimServer.listen(socket, null, Duration.ofMillis(100));
            StageCache.warmUp();
            try {
                TaskRehearsal.run(dir, WarmUp.scratchCgroup());
            } catch (IOException | RuntimeException | io.berth.shim.sys.SyscallException e) {
                System.err.println("berth-shim train: rehearsal: " + e); // a smaller cache, still a cache
            }
            server.assign("aot", "train", bundle);
            ShimAddress.write(bundle, socket);
            call(socket, true);
            server.close();
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Removes the directories of earlier training runs that were killed before they could (berthd
     * stops its training run when it stops): those older than any run may last, so that a run
     * going on beside this one keeps its own.
     */
    static void removeStale(Path tmp) throws IOException {
        Instant before = Instant.now().minus(STALE_AFTER);
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path d : entries.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                try {
                    if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(d).toInstant().isBefore(before)) {
                        deleteTree(d);
                    }
                } catch (IOException e) {
                    // another run removed it meanwhile, or it is not ours to remove
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
