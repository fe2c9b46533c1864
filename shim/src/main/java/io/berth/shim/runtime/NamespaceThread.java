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
 *
 * <p>Once it has unshared a pid namespace this thread cannot create threads (the kernel refuses
 * clone(CLONE_THREAD) when a thread's pid namespace for children is not its own). Waking a
 * virtual thread may make the scheduler start a carrier thread from the waking thread, so this
 * thread never wakes a virtual thread directly: virtual callers wait through a platform relay.
 */
final class NamespaceThread implements AutoCloseable {
  private final ExecutorService executor;
  private volatile Thread thread;

  NamespaceThread(String name) {
    executor = Executors.newSingleThreadExecutor(r -> {
      thread = Thread.ofPlatform().name(name).daemon().unstarted(r);
      return thread;
    });
  }

  /** Runs {@code task} on the thread and returns its result; its exceptions are rethrown as they are. */
  <T> T call(Callable<T> task) throws Exception {
    if (Thread.currentThread().isVirtual()) {
      return relay(() -> callDirect(task));
    }
    return callDirect(task);
  }

  /** Runs {@code work} on a new platform thread and waits for it (see the class comment). */
  private static <T> T relay(Callable<T> work) throws Exception {
    java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
    Thread.ofPlatform().daemon().name("berth-ns-relay").start(() -> {
      try {
        result.complete(work.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new UnknownException("namespace thread: " + e.getCause());
    }
  }

  private <T> T callDirect(Callable<T> task) throws Exception {
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

  /**
   * Ends the thread (its namespaces go with it) and waits briefly for it to finish: the executor
   * reports termination before its worker thread has exited, so the thread itself is joined too.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (Thread.currentThread().isVirtual()) {
        relay(this::awaitExit);
      } else {
        awaitExit();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the thread ends on its own
    }
  }

  private boolean awaitExit() throws InterruptedException {
    boolean done = executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    Thread t = thread;
    if (t != null) {
      t.join(java.time.Duration.ofSeconds(10));
    }
    return done;
  }
}
