package io.berth.tasks;

import com.google.protobuf.Empty;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.services.events.ttrpc.v1.ForwardRequest;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.sockets.UnixSocketFiles;
import io.berth.api.ttrpc.TtrpcEvents;
import io.berth.api.ttrpc.TtrpcServer;
import io.berth.api.ttrpc.TtrpcService;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where the shims send their events, as containerd's shims do: {@code
 * containerd.services.events.ttrpc.v1.Events/Forward} on a ttrpc socket next to the daemon's gRPC
 * socket ({@code <address>.ttrpc}, mode 0660, removed on close). Each forwarded envelope goes to
 * the same place as a gRPC Forward's.
 */
public final class ShimEvents implements AutoCloseable {
    private final TtrpcServer server;

    private ShimEvents(TtrpcServer server) {
        this.server = server;
    }

    /**
     * Serves Forward on {@code address}'s ttrpc socket, handing each envelope to {@code sink}. A
     * socket file left by a process that is gone is replaced.
     *
     * @throws FailedPreconditionException if a process is listening on that socket
     */
    public static ShimEvents serve(Path address, Consumer<Envelope> sink) throws IOException {
        Path socket = TtrpcEvents.socketOf(address);
        UnixSocketFiles.claim(socket);
        TtrpcServer server = TtrpcServer.listen(socket, PosixFilePermissions.fromString("rw-rw----"));
        server.register(new TtrpcService(TtrpcEvents.SERVICE).method(TtrpcEvents.FORWARD, ForwardRequest.parser(),
                (r, c) -> {
                    sink.accept(envelope(r.getEnvelope()));
                    return Empty.getDefaultInstance();
                }));
        return new ShimEvents(server);
    }

    /** The same envelope as the events service's type (the two have one wire shape). */
    static Envelope envelope(io.berth.api.services.events.ttrpc.v1.Envelope e) {
        Envelope.Builder b = Envelope.newBuilder().setNamespace(e.getNamespace()).setTopic(e.getTopic());
        if (e.hasTimestamp()) {
            b.setTimestamp(e.getTimestamp());
        }
        if (e.hasEvent()) {
            b.setEvent(e.getEvent());
        }
        return b.build();
    }

    public Path socket() {
        return server.socket();
    }

    /** Stops serving (calls in flight get a second) and removes the socket. */
    @Override
    public void close() {
        try {
            server.close(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
