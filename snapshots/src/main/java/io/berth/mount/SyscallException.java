package io.berth.mount;

import java.io.IOException;

/**
 * A failed system call: which call, on what, and the errno with its symbolic name and text, e.g.
 * {@code umount2 /x: EBUSY (Device or resource busy)}.
 */
public final class SyscallException extends IOException {

  private final int errno;

  public SyscallException(String call, int errno, String text) {
    super(call + ": " + Errno.name(errno) + (text == null || text.isEmpty() ? "" : " (" + text + ")"));
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
