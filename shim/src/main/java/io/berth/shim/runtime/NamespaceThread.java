package io.berth.shim.runtime;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.UnknownException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one platform thread that holds a container's namespaces: it unshares (or joins) them and
 * every process of the container is spawned from it, so each inherits them. Tasks run in order on
 * that same thread until {@link #close()}.
 */
final class NamespaceThread implements AutoCloseable {
    private final ExecutorService executor;

    NamespaceThread(String name) {
        executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(name).daemon().unstarted(r));
    }

    /** Runs {@code task} on the thread and returns its result; its exceptions are rethrown as they are. */
    <T> T call(Callable<T> task) throws Exception {
        Future<T> f = executor.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownException("interrupted while waiting for the namespace thread");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new UnknownException("namespace thread: " + cause);
        }
    }

    /** {@link #call} for tasks whose failures are already Berth errors. */
    <T> T callUnchecked(Callable<T> task) {
        try {
            return call(task);
        } catch (BerthException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new UnknownException(e.getMessage(), e);
        }
    }

    /** Ends the thread (its namespaces go with it) and waits briefly for it to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
