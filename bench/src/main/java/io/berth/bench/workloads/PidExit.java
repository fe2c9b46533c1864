package io.berth.bench.workloads;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.berth.shim.sys.Errno;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.time.Duration;

/**
 * Waits for a process that is not this JVM's child (runc's container process) to exit, with a
 * pidfd: it turns readable when the process ends, whoever reaps it. Open it while the process is
 * known to be alive, so that the pid cannot have been reused.
 */
final class PidExit implements AutoCloseable {

  private static final short POLLIN = 1;
  private static final int EINTR = 4;

  private interface C extends Library {
    C INSTANCE = Native.load("c", C.class);

    int poll(Pointer fds, long count, int timeoutMillis);
  }

  private final long pid;
  private final int fd; // -1: the process was gone when opened

  private PidExit(long pid, int fd) {
    this.pid = pid;
    this.fd = fd;
  }

  static PidExit open(long pid) throws IOException {
    try {
      return new PidExit(pid, Syscalls.pidfdOpen(pid));
    } catch (SyscallException e) {
      if (e.errno() == Errno.ESRCH) {
        return new PidExit(pid, -1);
      }
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Returns once the process has exited; throws if it has not within {@code limit}. */
  void await(Duration limit) throws IOException {
    if (fd < 0) {
      return;
    }
    long deadline = System.nanoTime() + limit.toNanos();
    try (Memory pollfd = new Memory(8)) {
      while (true) {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, POLLIN);
        pollfd.setShort(6, (short) 0);
        long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        int n = C.INSTANCE.poll(pollfd, 1, (int) Math.min(Integer.MAX_VALUE, left));
        if (n > 0) {
          return;
        }
        if (n < 0 && Native.getLastError() != EINTR) {
          throw new IOException("poll on the pidfd of " + pid + ": errno "
              + Native.getLastError());
        }
        if (n == 0 && System.nanoTime() >= deadline) {
          throw new IOException("process " + pid + " did not exit within " + limit);
        }
      }
    }
  }

  @Override
  public void close() {
    if (fd >= 0) {
      Syscalls.closeQuietly(fd);
    }
  }
}
