package io.berth.shim.server;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.berth.api.errors.StatusCodes;
import io.berth.api.services.events.ttrpc.v1.Envelope;
import io.berth.api.services.events.ttrpc.v1.ForwardRequest;
import io.berth.api.ttrpc.TtrpcClient;
import io.berth.api.ttrpc.TtrpcEvents;
import io.berth.api.ttrpc.TtrpcException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends the shim's events to berthd's ttrpc {@code Events.Forward} (on berthd's socket with
 * {@code .ttrpc} appended, as containerd's shims), one at a time and in the order they were
 * published, from one sender thread. A failed send is retried with backoff for a while
 * (berthd may be restarting); an event berthd refuses outright is logged and dropped.
 */
public final class EventForwarder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventForwarder.class.getName());
    private static final Set<Integer> RETRIED = Set.of(StatusCodes.UNAVAILABLE, StatusCodes.DEADLINE_EXCEEDED,
            StatusCodes.CANCELLED, StatusCodes.UNKNOWN, StatusCodes.RESOURCE_EXHAUSTED, StatusCodes.INTERNAL,
            StatusCodes.ABORTED);
    // long enough for a loaded machine: an attempt cut short may have been delivered, and its retry
    // would publish the event twice
    private static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final String namespace;
    private final Duration retryBudget;
    private final Clock clock;
    private final Path target;
    private final Map<String, String> metadata;
    private TtrpcClient client; // the sender thread's
    private final BlockingQueue<Envelope> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private final Thread sender;
    private long published;
    private long done;
    private volatile boolean closed;

    /**
     * @param berthdSocket berthd's socket, or null to only log events (a shim run without berthd)
     * @param retryBudget how long one event is retried before it is dropped
     */
    public EventForwarder(Path berthdSocket, String namespace, Duration retryBudget) {
        this.namespace = namespace;
        this.retryBudget = retryBudget;
        this.clock = Clock.systemUTC();
        this.target = berthdSocket == null ? null : TtrpcEvents.socketOf(berthdSocket);
        this.metadata = Map.of(TtrpcEvents.NAMESPACE_KEY, namespace);
        sender = Thread.ofPlatform().daemon().name("berth-events").start(this::run);
    }

    /** Queues {@code event} under its task topic, stamped now. */
    public void publish(Message event) {
        publish(TaskEvents.topicOf(event), event);
    }

    public void publish(String topic, Message event) {
        Envelope e = Envelope.newBuilder()
                .setTimestamp(ProtoTime.of(clock.instant()))
                .setNamespace(namespace)
                .setTopic(topic)
                .setEvent(Any.newBuilder().setTypeUrl(TaskEvents.typeOf(event)).setValue(event.toByteString()))
                .build();
        synchronized (lock) {
            if (closed) {
                LOG.log(Level.WARNING, "event {0} after close, dropped", topic);
                return;
            }
            published++;
            queue.add(e);
        }
    }

    /** Waits until every event published so far was sent or dropped; false if {@code limit} passed first. */
    public boolean flush(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            long target = published;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private void run() {
        try {
            while (true) {
                Envelope e;
                try {
                    e = queue.take();
                } catch (InterruptedException ex) {
                    return;
                }
                try {
                    send(e);
                } catch (InterruptedException ex) {
                    return;
                } finally {
                    synchronized (lock) {
                        done++;
                        lock.notifyAll();
                    }
                }
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    private void send(Envelope e) throws InterruptedException {
        if (target == null) {
            LOG.log(Level.INFO, "event {0} (no berthd address)", e.getTopic());
            return;
        }
        long deadline = System.nanoTime() + retryBudget.toNanos();
        Duration backoff = FIRST_BACKOFF;
        ForwardRequest request = ForwardRequest.newBuilder().setEnvelope(e).build();
        for (int attempt = 1; ; attempt++) {
            try {
                if (client == null || !client.isOpen()) {
                    client = TtrpcClient.connect(target);
                }
                client.call(TtrpcEvents.SERVICE, TtrpcEvents.FORWARD, request, Empty.parser(), ATTEMPT_LIMIT, metadata);
                if (attempt > 1) {
                    LOG.log(Level.INFO, "event {0} forwarded after {1} attempts", e.getTopic(), attempt);
                }
                return;
            } catch (TtrpcException ex) {
                if (ex.code() == StatusCodes.CANCELLED && ex.local()) {
                    throw new InterruptedException("event " + e.getTopic() + " interrupted");
                }
                if (!RETRIED.contains(ex.code()) || System.nanoTime() + backoff.toNanos() > deadline) {
                    LOG.log(Level.ERROR, "event {0} dropped after {1} attempt(s): {2}", e.getTopic(), attempt,
                            ex.getMessage());
                    return;
                }
                LOG.log(Level.DEBUG, "event {0}: attempt {1} failed: {2}", e.getTopic(), attempt, ex.getMessage());
            }
            Thread.sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Sends what is queued (bounded by {@code limit}), then stops. */
    public void close(Duration limit) {
        try {
            if (!flush(limit)) {
                LOG.log(Level.WARNING, "{0} event(s) not forwarded before shutdown", queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            closed = true;
        }
        sender.interrupt();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
