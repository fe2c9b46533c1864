package io.berth.shim.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Raw, one-for-one binding of the libc functions the runtime core needs. Every function reports
 * failure by throwing {@link LastErrorException} with the errno; callers go through
 * {@link Syscalls}, which checks results and names the errno. Kernel calls without a libc wrapper
 * go through {@link #syscall}. Only 64-bit Linux is supported: {@code size_t}, {@code long} and
 * {@code rlim_t} are Java {@code long}.
 */
public interface LibC extends Library {
  /**
   * Loaded by its soname: JNA resolves the short name "c" by running {@code ldconfig -p}, a
   * process per start that the init stage cannot afford (and would run in the container).
   */
  LibC INSTANCE = Native.load("libc.so.6", LibC.class);

  int unshare(int flags) throws LastErrorException;

  int setns(int fd, int nstype) throws LastErrorException;

  int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

  int umount2(String target, int flags) throws LastErrorException;

  int chroot(String path) throws LastErrorException;

  int chdir(String path) throws LastErrorException;

  int fchdir(int fd) throws LastErrorException;

  int sethostname(byte[] name, long length) throws LastErrorException;

  int setdomainname(byte[] name, long length) throws LastErrorException;

  int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

  int setresuid(int ruid, int euid, int suid) throws LastErrorException;

  int setresgid(int rgid, int egid, int sgid) throws LastErrorException;

  int setgroups(long size, int[] groups) throws LastErrorException;

  /** {@code limits} is {@code struct rlimit}: {cur, max}. */
  int prlimit(int pid, int resource, long[] newLimits, long[] oldLimits) throws LastErrorException;

  int eventfd(int initval, int flags) throws LastErrorException;

  int inotify_init1(int flags) throws LastErrorException;

  int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;

  int ioctl(int fd, long request, long arg) throws LastErrorException;

  int ioctl(int fd, long request, int[] arg) throws LastErrorException;

  int ioctl(int fd, long request, short[] arg) throws LastErrorException;

  int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int setsid() throws LastErrorException;

  int kill(int pid, int signal) throws LastErrorException;

  int mknod(String path, int mode, long dev) throws LastErrorException;

  int symlink(String target, String linkPath) throws LastErrorException;

  int execve(String path, String[] argv, String[] envp) throws LastErrorException;

  int open(String path, int flags, int mode) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  long read(int fd, byte[] buffer, long count) throws LastErrorException;

  long write(int fd, byte[] buffer, long count) throws LastErrorException;

  int dup2(int oldFd, int newFd) throws LastErrorException;

  int fcntl(int fd, int cmd, long arg) throws LastErrorException;

  int waitpid(int pid, int[] status, int options) throws LastErrorException;

  int waitid(int idType, int id, Pointer siginfo, int options) throws LastErrorException;

  int statfs(String path, Pointer buffer) throws LastErrorException;

  int lchown(String path, int uid, int gid) throws LastErrorException;

  int sigprocmask(int how, Pointer set, Pointer oldSet) throws LastErrorException;

  int umask(int mask);

  int getpid();

  int pipe2(int[] fds, int flags) throws LastErrorException;

  /** Returns 0 or an error number (posix_spawn does not use errno). */
  int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attributes, String[] argv, String[] envp);

  int posix_spawn_file_actions_init(Pointer fileActions);

  int posix_spawn_file_actions_destroy(Pointer fileActions);

  int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);

  int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

  int posix_spawn_file_actions_addchdir_np(Pointer fileActions, String path);

  int posix_spawnattr_init(Pointer attributes);

  int posix_spawnattr_destroy(Pointer attributes);

  int posix_spawnattr_setflags(Pointer attributes, short flags);

  int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

  int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

  /** Raw system call; arguments are passed as C longs, arrays and pointers. */
  long syscall(long number, Object... args) throws LastErrorException;
}
