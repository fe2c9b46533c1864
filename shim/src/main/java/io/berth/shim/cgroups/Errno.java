package io.berth.shim.cgroups;

import java.util.Map;

/** Names of the errno values the cgroup calls can return, for error messages. */
final class Errno {

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "EPERM (operation not permitted)"),
          Map.entry(2, "ENOENT (no such file or directory)"),
          Map.entry(3, "ESRCH (no such process)"),
          Map.entry(4, "EINTR (interrupted system call)"),
          Map.entry(5, "EIO (input/output error)"),
          Map.entry(9, "EBADF (bad file descriptor)"),
          Map.entry(11, "EAGAIN (resource temporarily unavailable)"),
          Map.entry(12, "ENOMEM (cannot allocate memory)"),
          Map.entry(13, "EACCES (permission denied)"),
          Map.entry(14, "EFAULT (bad address)"),
          Map.entry(16, "EBUSY (device or resource busy)"),
          Map.entry(17, "EEXIST (file exists)"),
          Map.entry(19, "ENODEV (no such device)"),
          Map.entry(22, "EINVAL (invalid argument)"),
          Map.entry(24, "EMFILE (too many open files)"),
          Map.entry(28, "ENOSPC (no space left on device)"),
          Map.entry(38, "ENOSYS (function not implemented)"),
          Map.entry(95, "EOPNOTSUPP (operation not supported)"));

  private Errno() {}

  static String describe(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }
}
