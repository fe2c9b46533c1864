package io.berth.shim.cgroups;

import com.sun.jna.LastErrorException;
import io.berth.api.errors.UnknownException;

/** Checked wrappers over {@link CgroupLibC}: errors become UnknownException naming the call. */
final class CgroupNative {

  private CgroupNative() {}

  static int eventfd() {
    try {
      return CgroupLibC.INSTANCE.eventfd(0, CgroupLibC.EFD_CLOEXEC);
    } catch (LastErrorException e) {
      throw failure("eventfd", e);
    }
  }

  static int openReadOnly(String path) {
    try {
      return CgroupLibC.INSTANCE.open(path, CgroupLibC.O_RDONLY | CgroupLibC.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw failure("open " + path, e);
    }
  }

  static int openDirectory(String path) {
    try {
      return CgroupLibC.INSTANCE.open(
          path, CgroupLibC.O_RDONLY | CgroupLibC.O_DIRECTORY | CgroupLibC.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw failure("open " + path, e);
    }
  }

  /** Closes quietly: a failed close has nothing left to undo. */
  static void close(int fd) {
    try {
      CgroupLibC.INSTANCE.close(fd);
    } catch (LastErrorException e) {
      // the descriptor is released by the kernel even when close reports an error
    }
  }

  /** Reads up to {@code buf.length} bytes, retrying on EINTR. */
  static int read(int fd, byte[] buf) {
    while (true) {
      try {
        return (int) CgroupLibC.INSTANCE.read(fd, buf, buf.length);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != CgroupLibC.EINTR) {
          throw failure("read fd " + fd, e);
        }
      }
    }
  }

  /** Adds 1 to an eventfd counter, waking a reader. */
  static void signalEventfd(int fd) {
    byte[] one = {1, 0, 0, 0, 0, 0, 0, 0};
    try {
      CgroupLibC.INSTANCE.write(fd, one, one.length);
    } catch (LastErrorException e) {
      throw failure("write eventfd " + fd, e);
    }
  }

  /** Sends a signal; returns false if the process no longer exists. */
  static boolean kill(long pid, int signal) {
    try {
      CgroupLibC.INSTANCE.kill(Math.toIntExact(pid), signal);
      return true;
    } catch (LastErrorException e) {
      if (e.getErrorCode() == CgroupLibC.ESRCH) {
        return false;
      }
      throw failure("kill " + pid + " with signal " + signal, e);
    }
  }

  static int inotifyInit() {
    try {
      return CgroupLibC.INSTANCE.inotify_init1(CgroupLibC.IN_CLOEXEC);
    } catch (LastErrorException e) {
      throw failure("inotify_init1", e);
    }
  }

  static int inotifyWatch(int fd, String path) {
    try {
      return CgroupLibC.INSTANCE.inotify_add_watch(fd, path, CgroupLibC.IN_MODIFY);
    } catch (LastErrorException e) {
      throw failure("inotify_add_watch " + path, e);
    }
  }

  /** Removes a watch, which queues IN_IGNORED and so wakes a blocked reader; false if gone. */
  static boolean inotifyUnwatch(int fd, int wd) {
    try {
      CgroupLibC.INSTANCE.inotify_rm_watch(fd, wd);
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  static UnknownException failure(String call, LastErrorException e) {
    return new UnknownException(call + ": " + Errno.describe(e.getErrorCode()), e);
  }
}
