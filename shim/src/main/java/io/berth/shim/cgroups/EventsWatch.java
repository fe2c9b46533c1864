package io.berth.shim.cgroups;

import io.berth.api.errors.BerthException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

/**
 * Watches one counter of a cgroup2 "key value" events file (memory.events' oom_kill for v2 OOM
 * notification; cgroup.events works the same way). The kernel signals IN_MODIFY on the file when
 * a value changes; the watch re-reads the file on every event and calls back when the counter has
 * risen. The inotify watch is on the file itself, which pins its inode so that no notification
 * is lost. It ends when closed (removing the watch queues IN_IGNORED, waking the reader) or when
 * the cgroup is removed (the kernel drops the watch the same way).
 */
final class EventsWatch implements AutoCloseable {

  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final String cgroup;
  private final Path dir;
  private final String file;
  private final String key;
  private final Runnable callback;
  private final int fd;
  private final int wd;
  private long last;
  private boolean closed;
  private boolean fdReleased;
  private Thread reader;

  private EventsWatch(
      String cgroup, Path dir, String file, String key, Runnable callback, int fd, int wd) {
    this.cgroup = cgroup;
    this.dir = dir;
    this.file = file;
    this.key = key;
    this.callback = callback;
    this.fd = fd;
    this.wd = wd;
  }

  /** Starts watching {@code dir/file} and calls back each time {@code key}'s value rises. */
  static EventsWatch start(String cgroup, Path dir, String file, String key, Runnable callback) {
    java.util.Objects.requireNonNull(callback, "callback");
    int fd = CgroupNative.inotifyInit();
    EventsWatch w;
    try {
      int wd = CgroupNative.inotifyWatch(fd, dir.resolve(file).toString());
      w = new EventsWatch(cgroup, dir, file, key, callback, fd, wd);
      w.last = w.value();
    } catch (BerthException e) {
      CgroupNative.close(fd);
      throw e;
    }
    w.reader = Thread.ofPlatform().daemon().name("cgroup-events " + cgroup + " " + key).unstarted(w::loop);
    w.reader.start();
    return w;
  }

  private long value() {
    return ControlFiles.readKeyValues(cgroup, dir, file).getOrDefault(key, 0L);
  }

  private void loop() {
    // Room for several events; each is 16 bytes plus a name, and a file watch has no name.
    byte[] buf = new byte[4096];
    try {
      while (true) {
        int n = CgroupNative.read(fd, buf);
        synchronized (this) {
          if (closed) {
            return;
          }
        }
        if (n <= 0 || ignored(buf, n)) {
          return; // the watch was dropped: the cgroup is gone
        }
        long now;
        try {
          now = value();
        } catch (BerthException e) {
          return; // the cgroup was removed between the event and the read
        }
        if (now > last) {
          last = now;
          try {
            callback.run();
          } catch (RuntimeException e) {
            CgroupBase.LOG.log(Level.WARNING, "cgroup " + cgroup + ": " + key + " callback failed", e);
          }
        }
      }
    } catch (BerthException e) {
      CgroupBase.LOG.log(Level.WARNING, "cgroup {0}: watch of {1} ended: {2}", cgroup, file, e.getMessage());
    } finally {
      synchronized (this) {
        fdReleased = true;
        CgroupNative.close(fd);
      }
    }
  }

  /** True if any event in the buffer carries IN_IGNORED (struct inotify_event: wd, mask, ...). */
  private static boolean ignored(byte[] buf, int n) {
    int off = 0;
    while (off + 16 <= n) {
      int mask = (buf[off + 4] & 0xff) | (buf[off + 5] & 0xff) << 8 | (buf[off + 6] & 0xff) << 16
          | (buf[off + 7] & 0xff) << 24;
      int len = (buf[off + 12] & 0xff) | (buf[off + 13] & 0xff) << 8 | (buf[off + 14] & 0xff) << 16
          | (buf[off + 15] & 0xff) << 24;
      if ((mask & CgroupLibC.IN_IGNORED) != 0) {
        return true;
      }
      off += 16 + len;
    }
    return false;
  }

  /** Stops the watch: removing it wakes the reader, which releases the inotify fd; waits (bounded) for it. */
  @Override
  public void close() {
    synchronized (this) {
      if (!closed) {
        closed = true;
        if (!fdReleased) {
          CgroupNative.inotifyUnwatch(fd, wd);
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
