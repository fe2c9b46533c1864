package io.berth.shim.server;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.api.services.events.v1.ForwardRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends the shim's events to berthd's {@code Events.Forward}, one at a time and in the order they
 * were published, from one sender thread. A failed send is retried with backoff for a while
 * (berthd may be restarting); an event berthd refuses outright is logged and dropped.
 */
public final class EventForwarder implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventForwarder.class.getName());
    private static final Metadata.Key<String> NAMESPACE =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<Status.Code> RETRIED = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.CANCELLED, Status.Code.UNKNOWN, Status.Code.RESOURCE_EXHAUSTED, Status.Code.INTERNAL,
            Status.Code.ABORTED);
    // long enough for a loaded machine: an attempt cut short may have been delivered, and its retry
    // would publish the event twice
    private static final Duration ATTEMPT_LIMIT = Duration.ofSeconds(10);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final String namespace;
    private final Duration retryBudget;
    private final Clock clock;
    private final ManagedChannel channel;
    private final EventsGrpc.EventsBlockingStub stub;
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
    public EventForwarder(Path berthdSocket, String namespace, EventLoopGroup group, Duration retryBudget) {
        this.namespace = namespace;
        this.retryBudget = retryBudget;
        this.clock = Clock.systemUTC();
        if (berthdSocket == null) {
            channel = null;
            stub = null;
        } else {
            Metadata headers = new Metadata();
            headers.put(NAMESPACE, namespace);
            channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(berthdSocket.toString()))
                    .eventLoopGroup(group)
                    .channelType(EpollDomainSocketChannel.class)
                    .usePlaintext()
                    .directExecutor()
                    .build();
            stub = EventsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
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
    }

    private void send(Envelope e) throws InterruptedException {
        if (stub == null) {
            LOG.log(Level.INFO, "event {0} (no berthd address)", e.getTopic());
            return;
        }
        long deadline = System.nanoTime() + retryBudget.toNanos();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                stub.withWaitForReady().withDeadlineAfter(ATTEMPT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                        .forward(ForwardRequest.newBuilder().setEnvelope(e).build());
                if (attempt > 1) {
                    LOG.log(Level.INFO, "event {0} forwarded after {1} attempts", e.getTopic(), attempt);
                }
                return;
            } catch (StatusRuntimeException ex) {
                Status.Code code = ex.getStatus().getCode();
                if (!RETRIED.contains(code) || System.nanoTime() + backoff.toNanos() > deadline) {
                    LOG.log(Level.ERROR, "event {0} dropped after {1} attempt(s): {2}", e.getTopic(), attempt,
                            ex.getStatus());
                    return;
                }
                LOG.log(Level.DEBUG, "event {0}: attempt {1} failed: {2}", e.getTopic(), attempt, ex.getStatus());
            }
            Thread.sleep(backoff);
            channel.resetConnectBackoff();
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
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
