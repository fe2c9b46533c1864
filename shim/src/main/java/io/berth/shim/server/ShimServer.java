package io.berth.shim.server;

import io.berth.api.anys.Anys;
import io.berth.api.ttrpc.TtrpcServer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shim's server: {@code containerd.task.v2.Task} over ttrpc on a unix socket (as
 * containerd's shims; calls on virtual threads) for one task. It stops
 * after the task's init process is deleted, or on Shutdown; after a Delete of the init process
 * ({@link #deleted}) a pooled shim may serve another task with a new server.
 */
public final class ShimServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShimServer.class.getName());
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Path socket;
    private final Path berthdSocket;
    private final Duration eventRetry;
    private final TtrpcServer server;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile EventForwarder events;
    private volatile ShimTask task;
    private volatile Runnable onDeleted = () -> { };
    private volatile boolean deleted;

    /**
     * What a shim serves.
     *
     * @param namespace the task's namespace (for events)
     * @param id the container id
     * @param bundle the bundle directory
     * @param socket the socket to listen on
     * @param berthdSocket berthd's socket for events, or null
     * @param eventRetry how long an event is retried while berthd cannot be reached
     */
    public record Config(String namespace, String id, Path bundle, Path socket, Path berthdSocket,
                         Duration eventRetry) {
    }

    private ShimServer(Path socket, Path berthdSocket, Duration eventRetry) throws IOException {
        this.socket = socket;
        this.berthdSocket = berthdSocket;
        this.eventRetry = eventRetry;
        this.server = TtrpcServer.listen(socket, null);
    }

    /** Starts serving {@code config}'s task on {@code config.socket()}. */
    public static ShimServer start(Config config) throws IOException {
        ShimServer s = listen(config.socket(), config.berthdSocket(), config.eventRetry());
        s.assign(config.namespace(), config.id(), config.bundle());
        return s;
    }

    /**
     * Listens on {@code socket} before the task is known (a pooled shim): calls are answered
     * UNIMPLEMENTED (no such service) until {@link #assign}.
     */
    public static ShimServer listen(Path socket, Path berthdSocket, Duration eventRetry) throws IOException {
        return new ShimServer(socket, berthdSocket, eventRetry);
    }

    /** Makes this server the shim of one task; once only. */
    public void assign(String namespace, String id, Path bundle) {
        assign(namespace, id, bundle, () -> { });
    }

    /**
     * As {@link #assign(String, String, Path)}; {@code onDeleted} runs once the init process is
     * deleted, before the Delete is answered (e.g. to remove this shim's files in the bundle).
     */
    public synchronized void assign(String namespace, String id, Path bundle, Runnable onDeleted) {
        if (task != null) {
            throw new IllegalStateException("this shim already serves task " + task.id());
        }
        events = new EventForwarder(berthdSocket, namespace, eventRetry);
        this.onDeleted = onDeleted;
        task = new ShimTask(id, bundle, events, this::deletedInit);
        server.register(new TaskService(task, this::stats, now -> stopSoon()).service());
    }

    /** The socket this server listens on. */
    public Path socket() {
        return socket;
    }

    /** The task's cgroup counters as containerd's cgroups v1 or v2 Metrics. */
    private com.google.protobuf.Any stats(String taskId) {
        return Anys.pack(task.stats(taskId).toProto());
    }

    /** The task's init process was deleted: its traces in the bundle go, then the server stops. */
    private void deletedInit() {
        try {
            onDeleted.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "after the delete", e);
        }
        deleted = true;
        stopSoon();
    }

    /**
     * Whether the server stopped after a Delete of its task's init process (rather than on
     * Shutdown with the container still there): the task is gone without a trace.
     */
    public boolean deleted() {
        return deleted && stopped.getCount() == 0;
    }

    /** Stops in the background, once the current calls have been answered. */
    private void stopSoon() {
        if (stopping.compareAndSet(false, true)) {
            Thread.ofPlatform().name("berth-shim-stop").start(this::stop);
        }
    }

    private void stop() {
        try {
            Thread.sleep(20); // let the call that asked for it be answered
            ShimTask t = task;
            if (t != null) {
                t.destroy();
                events.close(Duration.ofSeconds(10));
            }
            server.close(GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until the server has stopped. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() throws InterruptedException {
        stopSoon();
        awaitStopped();
    }
}
