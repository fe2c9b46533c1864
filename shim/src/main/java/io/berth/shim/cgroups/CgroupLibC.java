package io.berth.shim.cgroups;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The raw libc calls the cgroup package needs and Java lacks: eventfd (v1 OOM notification),
 * inotify on a single file (v2 memory.events), open for a plain fd number, kill with any signal,
 * and bpf(2) for v2 device rules. One-for-one with the C functions; {@link CgroupNative} checks and wraps them.
 *
 * <p>Kept inside this package until the shim's {@code io.berth.shim.sys} binding absorbs it.
 */
interface CgroupLibC extends Library {

  CgroupLibC INSTANCE = Native.load("c", CgroupLibC.class);

  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int EFD_CLOEXEC = 0x80000;
  int IN_CLOEXEC = 0x80000;
  int IN_MODIFY = 0x2;
  int IN_IGNORED = 0x8000;

  int O_DIRECTORY = 0x10000;

  int ESRCH = 3;
  int EINTR = 4;

  int eventfd(int initval, int flags) throws LastErrorException;

  int open(String path, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  long read(int fd, byte[] buf, long count) throws LastErrorException;

  long write(int fd, byte[] buf, long count) throws LastErrorException;

  int kill(int pid, int sig) throws LastErrorException;

  int inotify_init1(int flags) throws LastErrorException;

  int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;

  int inotify_rm_watch(int fd, int wd) throws LastErrorException;

  /** syscall(2), used for bpf(2), which glibc does not wrap. */
  long syscall(long number, Object... args) throws LastErrorException;
}
