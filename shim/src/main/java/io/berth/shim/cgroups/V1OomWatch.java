package io.berth.shim.cgroups;

import io.berth.api.errors.BerthException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * v1 OOM notification: an eventfd registered through cgroup.event_control on memory.oom_control,
 * read on a daemon thread. The kernel also signals the eventfd when the cgroup is removed; the
 * watch tells the two apart by whether the cgroup still exists, and ends on removal.
 */
final class V1OomWatch implements AutoCloseable {

  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final String cgroup;
  private final Path dir;
  private final Runnable callback;
  private final int efd;
  private boolean closed;
  private boolean fdReleased;
  private Thread reader;

  private V1OomWatch(String cgroup, Path dir, Runnable callback, int efd) {
    this.cgroup = cgroup;
    this.dir = dir;
    this.callback = callback;
    this.efd = efd;
  }

  static V1OomWatch start(String cgroup, Path memoryDir, Runnable callback) {
    java.util.Objects.requireNonNull(callback, "callback");
    int efd = CgroupNative.eventfd();
    try {
      int ofd = CgroupNative.openReadOnly(memoryDir.resolve("memory.oom_control").toString());
      try {
        ControlFiles.write(cgroup, memoryDir, "cgroup.event_control", efd + " " + ofd);
      } finally {
        CgroupNative.close(ofd);
      }
    } catch (BerthException e) {
      CgroupNative.close(efd);
      throw e;
    }
    V1OomWatch w = new V1OomWatch(cgroup, memoryDir, callback, efd);
    w.reader = Thread.ofPlatform().daemon().name("oom-v1 " + cgroup).unstarted(w::loop);
    w.reader.start();
    return w;
  }

  private void loop() {
    byte[] buf = new byte[8];
    try {
      while (true) {
        CgroupNative.read(efd, buf);
        synchronized (this) {
          if (closed) {
            return;
          }
        }
        if (!Files.exists(dir.resolve("cgroup.event_control"))) {
          return; // the cgroup was removed
        }
        try {
          callback.run();
        } catch (RuntimeException e) {
          CgroupBase.LOG.log(Level.WARNING, "cgroup " + cgroup + ": OOM callback failed", e);
        }
      }
    } catch (BerthException e) {
      CgroupBase.LOG.log(Level.WARNING, "cgroup {0}: OOM watch ended: {1}", cgroup, e.getMessage());
    } finally {
      synchronized (this) {
        fdReleased = true;
        CgroupNative.close(efd);
      }
    }
  }

  /** Stops the watch: the reader wakes, sees the flag and releases the eventfd; waits (bounded) for it. */
  @Override
  public void close() {
    synchronized (this) {
      if (!closed) {
        closed = true;
        if (!fdReleased) {
          CgroupNative.signalEventfd(efd);
        }
      }
    }
    if (Thread.currentThread() != reader) {
      try {
        reader.join(CLOSE_WAIT_MILLIS); // bounded: the wake-up above ends the reader at once
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
