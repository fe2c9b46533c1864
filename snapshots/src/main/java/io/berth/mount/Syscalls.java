package io.berth.mount;

import com.sun.jna.LastErrorException;

/** The checked facade over {@link LibC}: typed arguments, errors as {@link SyscallException}. */
final class Syscalls {

  static final int MNT_FORCE = 1;
  static final int MNT_DETACH = 2;
  static final int CLONE_FS = 0x00000200;

  private Syscalls() {}

  static void mount(String source, String target, String type, long flags, String data)
      throws SyscallException {
    try {
      LibC.INSTANCE.mount(source, target, type, flags, data);
    } catch (LastErrorException e) {
      throw failure("mount " + describe(source, type) + " on " + target, e);
    }
  }

  static void umount2(String target, int flags) throws SyscallException {
    try {
      LibC.INSTANCE.umount2(target, flags);
    } catch (LastErrorException e) {
      throw failure("umount2 " + target, e);
    }
  }

  /** Gives the calling thread its own working directory (and root, and umask). */
  static void unshareFs() throws SyscallException {
    try {
      LibC.INSTANCE.unshare(CLONE_FS);
    } catch (LastErrorException e) {
      throw failure("unshare CLONE_FS", e);
    }
  }

  /** Changes the working directory; only safe on a thread that called {@link #unshareFs}. */
  static void chdir(String path) throws SyscallException {
    try {
      LibC.INSTANCE.chdir(path);
    } catch (LastErrorException e) {
      throw failure("chdir " + path, e);
    }
  }

  static SyscallException failure(String call, LastErrorException e) {
    int errno = e.getErrorCode();
    String text;
    try {
      text = LibC.INSTANCE.strerror(errno);
    } catch (RuntimeException | Error ignored) {
      text = "";
    }
    return new SyscallException(call, errno, text);
  }

  private static String describe(String source, String type) {
    if (type == null || type.isEmpty()) {
      return source == null || source.isEmpty() ? "\"\"" : source;
    }
    return source + " (" + type + ")";
  }
}
