package io.berth.tasks;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.StatusCodes;
import io.berth.api.ttrpc.TtrpcClient;
import io.berth.api.ttrpc.TtrpcException;
import io.berth.shim.main.ShimAddress;
import io.berth.shim.server.TaskClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * A ttrpc connection to one shim's {@code containerd.task.v2.Task}, made on the first call and
 * made again on a call after it was lost; failures come back as Berth errors.
 */
final class ShimClient implements AutoCloseable {
    private static final Duration CALL = Duration.ofSeconds(30);
    private static final Duration CREATE = Duration.ofMinutes(2);

    private final String address;
    private final Path socket;
    private TtrpcClient connection;
    private boolean closed;

    ShimClient(String address) {
        this.address = address;
        this.socket = ShimAddress.parse(address);
    }

    String address() {
        return address;
    }

    /** A call with the usual deadline. */
    <T> T call(Function<TaskClient, T> rpc) {
        return invoke(CALL, rpc);
    }

    /** Create: may wait for a cold JVM to set the container up. */
    <T> T callLong(Function<TaskClient, T> rpc) {
        return invoke(CREATE, rpc);
    }

    /** Wait: no deadline. */
    <T> T callBlocking(Function<TaskClient, T> rpc) {
        return invoke(null, rpc);
    }

    private <T> T invoke(Duration timeout, Function<TaskClient, T> rpc) {
        try {
            return rpc.apply(new TaskClient(connection(), timeout));
        } catch (TtrpcException e) {
            throw StatusCodes.toBerth(e.code(), e.status(), e);
        }
    }

    private synchronized TtrpcClient connection() {
        if (closed) {
            throw TtrpcException.unavailable("the client of " + socket + " is closed");
        }
        if (connection == null || !connection.isOpen()) {
            connection = TtrpcClient.connect(socket);
        }
        return connection;
    }

    /** Whether an error means the shim could not be reached (it may have died). */
    static boolean unreachable(BerthException e) {
        return e.getCause() instanceof TtrpcException t && t.unreachable();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }
}
