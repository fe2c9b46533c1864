package io.berth.shim.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.OptionalInt;

/**
 * Checked facade over {@link LibC}: typed arguments, results checked, and every failure wrapped
 * where it happens into a {@link SyscallException} whose message names the call, its main
 * arguments and the errno.
 */
public final class Syscalls {
  // open(2) flags
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_RDWR = 2;
  public static final int O_CREAT = 0100;
  public static final int O_NOCTTY = 0400;
  public static final int O_TRUNC = 01000;
  public static final int O_APPEND = 02000;
  public static final int O_NONBLOCK = 04000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_NOFOLLOW = 0400000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;

  // umount2(2) flags
  public static final int MNT_DETACH = 2;

  // prctl(2) options
  public static final int PR_SET_PDEATHSIG = 1;
  public static final int PR_SET_KEEPCAPS = 8;
  public static final int PR_CAPBSET_READ = 23;
  public static final int PR_CAPBSET_DROP = 24;
  public static final int PR_SET_CHILD_SUBREAPER = 36;
  public static final int PR_SET_NO_NEW_PRIVS = 38;
  public static final int PR_GET_NO_NEW_PRIVS = 39;
  public static final int PR_CAP_AMBIENT = 47;
  public static final int PR_CAP_AMBIENT_RAISE = 2;
  public static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

  // wait flags
  public static final int WNOHANG = 1;
  public static final int WEXITED = 4;
  public static final int WNOWAIT = 0x01000000;
  public static final int P_ALL = 0;
  public static final int P_PID = 1;

  // eventfd / inotify flags
  public static final int EFD_CLOEXEC = O_CLOEXEC;
  public static final int IN_CLOEXEC = O_CLOEXEC;
  public static final int IN_MODIFY = 0x00000002;

  // seccomp
  public static final int SECCOMP_SET_MODE_FILTER = 1;

  // tty ioctls
  private static final long TIOCSCTTY = 0x540E;
  private static final long TIOCSWINSZ = 0x5414;
  private static final long TIOCGWINSZ = 0x5413;
  private static final long TIOCGPTN = 0x80045430L;
  private static final long TIOCSPTLCK = 0x40045431L;

  private static final int F_GETFD = 1;
  private static final int F_SETFD = 2;
  private static final int FD_CLOEXEC = 1;
  private static final int F_DUPFD_CLOEXEC = 1030;
  private static final int CLOSE_RANGE_CLOEXEC = 1 << 2;
  private static final int CAP_V3 = 0x20080522;

  private static final LibC C = LibC.INSTANCE;
  private static final Numbers NR = Numbers.forArch(System.getProperty("os.arch"));

  private Syscalls() {
  }

  /** Kernel call numbers that have no libc wrapper, per architecture. */
  private record Numbers(long pivotRoot, long seccomp, long capget, long capset, long pidfdOpen, long pidfdGetfd,
               long closeRange) {
    static Numbers forArch(String arch) {
      return switch (arch) {
        case "amd64", "x86_64" -> new Numbers(155, 317, 125, 126, 434, 438, 436);
        case "aarch64", "arm64" -> new Numbers(41, 277, 90, 91, 434, 438, 436);
        default -> throw new UnsupportedOperationException("unsupported architecture " + arch);
      };
    }
  }

  private static SyscallException fail(String operation, LastErrorException e) {
    return new SyscallException(operation, e.getErrorCode());
  }

  // ---- namespaces -------------------------------------------------------------------------

  /** unshare(2) of the given namespaces for the calling thread. */
  public static void unshare(Collection<NamespaceType> types) throws SyscallException {
    int flags = 0;
    for (NamespaceType t : types) {
      flags |= t.cloneFlag();
    }
    unshareFlags(flags, "unshare " + types);
  }

  /**
   * Sets the loopback interface up in the calling thread's network namespace (SIOCGIFFLAGS, then
   * SIOCSIFFLAGS with IFF_UP), as runc does for every network namespace it creates.
   */
  public static void loopbackUp() throws SyscallException {
    final int afInet = 2;
    final int sockDgramCloexec = 2 | 02000000;
    final long siocgifflags = 0x8913;
    final long siocsifflags = 0x8914;
    final int iffUp = 0x1;
    byte[] ifreq = new byte[40]; // struct ifreq: char ifr_name[16], then short ifr_flags
    ifreq[0] = 'l';
    ifreq[1] = 'o';
    int fd;
    try {
      fd = C.socket(afInet, sockDgramCloexec, 0);
    } catch (LastErrorException e) {
      throw fail("socket for lo", e);
    }
    try {
      C.ioctl(fd, siocgifflags, ifreq);
      int flags = (ifreq[16] & 0xff) | (ifreq[17] & 0xff) << 8;
      flags |= iffUp;
      ifreq[16] = (byte) flags;
      ifreq[17] = (byte) (flags >> 8);
      C.ioctl(fd, siocsifflags, ifreq);
    } catch (LastErrorException e) {
      throw fail("set lo up", e);
    } finally {
      closeQuietly(fd);
    }
  }

  /** unshare(CLONE_FS): gives the calling thread its own root, cwd and umask (needed before setns(mnt)). */
  public static void unshareFs() throws SyscallException {
    unshareFlags(0x00000200, "unshare CLONE_FS");
  }

  private static void unshareFlags(int flags, String what) throws SyscallException {
    try {
      C.unshare(flags);
    } catch (LastErrorException e) {
      throw fail(what, e);
    }
  }

  /** Joins the namespace that {@code nsPath} (e.g. /proc/PID/ns/net) refers to. */
  public static void setns(Path nsPath, NamespaceType type) throws SyscallException {
    int fd = open(nsPath, O_RDONLY | O_CLOEXEC, 0);
    try {
      C.setns(fd, type.cloneFlag());
    } catch (LastErrorException e) {
      throw fail("setns " + type.ociName() + " " + nsPath, e);
    } finally {
      closeQuietly(fd);
    }
  }

  // ---- mounts and roots -------------------------------------------------------------------

  public static void mount(String source, Path target, String fstype, long flags, String data)
      throws SyscallException {
    try {
      C.mount(source, target.toString(), fstype, flags, data);
    } catch (LastErrorException e) {
      String what = fstype == null ? "mount " + source : "mount " + fstype + " " + source;
      throw fail(what + " on " + target + " (flags 0x" + Long.toHexString(flags)
          + (data == null || data.isEmpty() ? "" : ", data " + data) + ")", e);
    }
  }

  public static void umount2(Path target, int flags) throws SyscallException {
    try {
      C.umount2(target.toString(), flags);
    } catch (LastErrorException e) {
      throw fail("umount " + target, e);
    }
  }

  public static void pivotRoot(Path newRoot, Path putOld) throws SyscallException {
    try {
      C.syscall(NR.pivotRoot, newRoot.toString(), putOld.toString());
    } catch (LastErrorException e) {
      throw fail("pivot_root " + newRoot + " " + putOld, e);
    }
  }

  public static void chroot(Path path) throws SyscallException {
    try {
      C.chroot(path.toString());
    } catch (LastErrorException e) {
      throw fail("chroot " + path, e);
    }
  }

  public static void chdir(Path path) throws SyscallException {
    try {
      C.chdir(path.toString());
    } catch (LastErrorException e) {
      throw fail("chdir " + path, e);
    }
  }

  public static void fchdir(int fd) throws SyscallException {
    try {
      C.fchdir(fd);
    } catch (LastErrorException e) {
      throw fail("fchdir " + fd, e);
    }
  }

  public static void mknod(Path path, int mode, int major, int minor) throws SyscallException {
    long dev = ((long) (major & 0xfffff000) << 32) | ((major & 0xfffL) << 8)
        | ((long) (minor & 0xffffff00) << 12) | (minor & 0xffL);
    try {
      C.mknod(path.toString(), mode, dev);
    } catch (LastErrorException e) {
      throw fail("mknod " + path + " " + major + ":" + minor, e);
    }
  }

  public static void symlink(String target, Path link) throws SyscallException {
    try {
      C.symlink(target, link.toString());
    } catch (LastErrorException e) {
      throw fail("symlink " + target + " " + link, e);
    }
  }

  /**
   * The mount flags ({@code MS_RDONLY}, {@code MS_NOSUID}, {@code MS_NODEV}, {@code MS_NOEXEC},
   * {@code MS_NOATIME}, {@code MS_NODIRATIME}, {@code MS_RELATIME}) of the mount holding {@code path}.
   */
  public static long mountFlags(Path path) throws SyscallException {
    Memory buf = new Memory(120);
    buf.clear();
    try {
      C.statfs(path.toString(), buf);
    } catch (LastErrorException e) {
      throw fail("statfs " + path, e);
    }
    long st = buf.getLong(80);
    long ms = st & (1 | 2 | 4 | 8 | 16 | 64 | 1024 | 2048);
    if ((st & 4096) != 0) {
      ms |= 1 << 21;
    }
    return ms;
  }

  /** The filesystem magic number (statfs f_type) of the filesystem holding {@code path}. */
  public static long filesystemType(Path path) throws SyscallException {
    Memory buf = new Memory(120);
    buf.clear();
    try {
      C.statfs(path.toString(), buf);
    } catch (LastErrorException e) {
      throw fail("statfs " + path, e);
    }
    return buf.getLong(0);
  }

  public static void lchown(Path path, int uid, int gid) throws SyscallException {
    try {
      C.lchown(path.toString(), uid, gid);
    } catch (LastErrorException e) {
      throw fail("lchown " + path + " " + uid + ":" + gid, e);
    }
  }

  /** Unblocks every signal for the calling thread (the mask survives execve). */
  public static void unblockAllSignals() throws SyscallException {
    Memory empty = new Memory(128);
    empty.clear();
    try {
      C.sigprocmask(2, empty, null);
    } catch (LastErrorException e) {
      throw fail("sigprocmask", e);
    }
  }

  public static int umask(int mask) {
    return C.umask(mask);
  }

  // ---- identity, hostname, limits ---------------------------------------------------------

  public static void sethostname(String name) throws SyscallException {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    try {
      C.sethostname(b, b.length);
    } catch (LastErrorException e) {
      throw fail("sethostname " + name, e);
    }
  }

  public static void setdomainname(String name) throws SyscallException {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    try {
      C.setdomainname(b, b.length);
    } catch (LastErrorException e) {
      throw fail("setdomainname " + name, e);
    }
  }

  public static void setresuid(int uid) throws SyscallException {
    try {
      C.setresuid(uid, uid, uid);
    } catch (LastErrorException e) {
      throw fail("setresuid " + uid, e);
    }
  }

  public static void setresgid(int gid) throws SyscallException {
    try {
      C.setresgid(gid, gid, gid);
    } catch (LastErrorException e) {
      throw fail("setresgid " + gid, e);
    }
  }

  public static void setgroups(int[] groups) throws SyscallException {
    try {
      C.setgroups(groups.length, groups.length == 0 ? null : groups);
    } catch (LastErrorException e) {
      throw fail("setgroups " + groups.length + " groups", e);
    }
  }

  /** prlimit(2) on {@code pid} (0 = the caller) for resource number {@code resource}. */
  public static void prlimit(int pid, int resource, long soft, long hard) throws SyscallException {
    try {
      C.prlimit(pid, resource, new long[] {soft, hard}, null);
    } catch (LastErrorException e) {
      throw fail("prlimit resource " + resource + " soft " + soft + " hard " + hard, e);
    }
  }

  /** Current {soft, hard} limit of {@code resource} for {@code pid} (0 = the caller). */
  public static long[] getrlimit(int pid, int resource) throws SyscallException {
    long[] old = new long[2];
    try {
      C.prlimit(pid, resource, null, old);
    } catch (LastErrorException e) {
      throw fail("prlimit get resource " + resource, e);
    }
    return old;
  }

  // ---- prctl and capabilities -------------------------------------------------------------

  public static int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws SyscallException {
    try {
      return C.prctl(option, arg2, arg3, arg4, arg5);
    } catch (LastErrorException e) {
      throw fail("prctl " + option, e);
    }
  }

  public static void setNoNewPrivs() throws SyscallException {
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  }

  public static void setKeepCaps(boolean keep) throws SyscallException {
    prctl(PR_SET_KEEPCAPS, keep ? 1 : 0, 0, 0, 0);
  }

  public static void setChildSubreaper() throws SyscallException {
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  }

  public static void setParentDeathSignal(int signal) throws SyscallException {
    prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0);
  }

  /** Whether {@code cap} is in the calling thread's bounding set; false for caps the kernel lacks. */
  public static boolean boundingSetHas(int cap) {
    try {
      return C.prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1;
    } catch (LastErrorException e) {
      return false;
    }
  }

  public static void dropBoundingCap(int cap) throws SyscallException {
    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  }

  public static void clearAmbientCaps() throws SyscallException {
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  }

  public static void raiseAmbientCap(int cap) throws SyscallException {
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0);
  }

  /** Capability sets of a thread as 64-bit masks. */
  public record CapabilitySets(long effective, long permitted, long inheritable) {
  }

  public static CapabilitySets capget(int pid) throws SyscallException {
    int[] header = {CAP_V3, pid};
    int[] data = new int[6];
    try {
      C.syscall(NR.capget, header, data);
    } catch (LastErrorException e) {
      throw fail("capget " + pid, e);
    }
    return new CapabilitySets(join(data[0], data[3]), join(data[1], data[4]), join(data[2], data[5]));
  }

  /** capset(2) on the calling thread. */
  public static void capset(CapabilitySets sets) throws SyscallException {
    int[] header = {CAP_V3, 0};
    int[] data = {
      (int) sets.effective(), (int) sets.permitted(), (int) sets.inheritable(),
      (int) (sets.effective() >>> 32), (int) (sets.permitted() >>> 32), (int) (sets.inheritable() >>> 32),
    };
    try {
      C.syscall(NR.capset, header, data);
    } catch (LastErrorException e) {
      throw fail("capset", e);
    }
  }

  private static long join(int low, int high) {
    return (low & 0xffffffffL) | ((long) high << 32);
  }

  /**
   * Loads a classic BPF seccomp filter on the calling thread. {@code program} holds {@code struct
   * sock_filter} entries (8 bytes each, native byte order).
   */
  public static void seccompFilter(byte[] program, int flags) throws SyscallException {
    if (program.length == 0 || program.length % 8 != 0) {
      throw new IllegalArgumentException("seccomp program of " + program.length + " bytes");
    }
    Memory filter = new Memory(program.length);
    filter.write(0, program, 0, program.length);
    Memory fprog = new Memory(16);
    fprog.clear();
    fprog.setShort(0, (short) (program.length / 8));
    fprog.setPointer(8, filter);
    try {
      C.syscall(NR.seccomp, SECCOMP_SET_MODE_FILTER, flags, fprog);
    } catch (LastErrorException e) {
      throw fail("seccomp set filter of " + program.length / 8 + " instructions", e);
    }
  }

  // ---- file descriptors -------------------------------------------------------------------

  public static int open(Path path, int flags, int mode) throws SyscallException {
    try {
      return C.open(path.toString(), flags, mode);
    } catch (LastErrorException e) {
      throw fail("open " + path, e);
    }
  }

  public static void close(int fd) throws SyscallException {
    try {
      C.close(fd);
    } catch (LastErrorException e) {
      throw fail("close " + fd, e);
    }
  }

  public static void closeQuietly(int fd) {
    if (fd >= 0) {
      try {
        C.close(fd);
      } catch (LastErrorException ignored) {
        // nothing useful to do: the descriptor is gone either way
      }
    }
  }

  /** read(2); returns 0 at end of file. */
  public static int read(int fd, byte[] buffer, int count) throws SyscallException {
    while (true) {
      try {
        return (int) C.read(fd, buffer, count);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw fail("read fd " + fd, e);
        }
      }
    }
  }

  /** Writes all of {@code buffer[0, count)}. */
  public static void writeFully(int fd, byte[] buffer, int count) throws SyscallException {
    int done = 0;
    byte[] rest = buffer;
    while (done < count) {
      if (done > 0) {
        rest = java.util.Arrays.copyOfRange(buffer, done, count);
      }
      try {
        done += (int) C.write(fd, rest, count - done);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw fail("write fd " + fd, e);
        }
      }
    }
  }

  public static void dup2(int oldFd, int newFd) throws SyscallException {
    try {
      C.dup2(oldFd, newFd);
    } catch (LastErrorException e) {
      throw fail("dup2 " + oldFd + " " + newFd, e);
    }
  }

  /** A copy of {@code fd} on the lowest free descriptor above 2, closed on exec. */
  public static int dupCloexec(int fd) throws SyscallException {
    try {
      return C.fcntl(fd, F_DUPFD_CLOEXEC, 3);
    } catch (LastErrorException e) {
      throw fail("fcntl F_DUPFD_CLOEXEC " + fd, e);
    }
  }

  public static void setCloexec(int fd, boolean on) throws SyscallException {
    try {
      int flags = C.fcntl(fd, F_GETFD, 0);
      C.fcntl(fd, F_SETFD, on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC);
    } catch (LastErrorException e) {
      throw fail("fcntl F_SETFD " + fd, e);
    }
  }

  /** Marks every descriptor from {@code first} upwards close-on-exec (close_range(2)). */
  public static void cloexecFrom(int first) throws SyscallException {
    try {
      C.syscall(NR.closeRange, first, 0xffffffffL, CLOSE_RANGE_CLOEXEC);
    } catch (LastErrorException e) {
      throw fail("close_range " + first + " CLOEXEC", e);
    }
  }

  public static int eventfd(int initval, int flags) throws SyscallException {
    try {
      return C.eventfd(initval, flags);
    } catch (LastErrorException e) {
      throw fail("eventfd", e);
    }
  }

  public static int inotifyInit(int flags) throws SyscallException {
    try {
      return C.inotify_init1(flags);
    } catch (LastErrorException e) {
      throw fail("inotify_init1", e);
    }
  }

  public static int inotifyAddWatch(int fd, Path path, int mask) throws SyscallException {
    try {
      return C.inotify_add_watch(fd, path.toString(), mask);
    } catch (LastErrorException e) {
      throw fail("inotify_add_watch " + path, e);
    }
  }

  // ---- terminals --------------------------------------------------------------------------

  /** A pseudo-terminal pair: master and slave descriptors and the slave's path. */
  public record Pty(int master, int slave, String slavePath) {
  }

  /**
   * Opens a new pseudo-terminal from the {@code ptmx} device of the devpts instance mounted at
   * {@code ptsDir} (e.g. /dev/ptmx and /dev/pts). Both descriptors are close-on-exec.
   */
  public static Pty openpty(Path ptmx, Path ptsDir) throws SyscallException {
    int master = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
    try {
      C.ioctl(master, TIOCSPTLCK, new int[] {0});
      int[] number = new int[1];
      C.ioctl(master, TIOCGPTN, number);
      Path slavePath = ptsDir.resolve(Integer.toString(number[0]));
      int slave = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC, 0);
      return new Pty(master, slave, slavePath.toString());
    } catch (LastErrorException e) {
      closeQuietly(master);
      throw fail("openpty " + ptmx, e);
    } catch (SyscallException e) {
      closeQuietly(master);
      throw e;
    }
  }

  public static void setControllingTerminal(int fd) throws SyscallException {
    try {
      C.ioctl(fd, TIOCSCTTY, 0L);
    } catch (LastErrorException e) {
      throw fail("ioctl TIOCSCTTY " + fd, e);
    }
  }

  public static void setWindowSize(int fd, int rows, int columns) throws SyscallException {
    try {
      C.ioctl(fd, TIOCSWINSZ, new short[] {(short) rows, (short) columns, 0, 0});
    } catch (LastErrorException e) {
      throw fail("ioctl TIOCSWINSZ " + fd, e);
    }
  }

  /** {rows, columns} of the terminal on {@code fd}. */
  public static int[] windowSize(int fd) throws SyscallException {
    short[] ws = new short[4];
    try {
      C.ioctl(fd, TIOCGWINSZ, ws);
    } catch (LastErrorException e) {
      throw fail("ioctl TIOCGWINSZ " + fd, e);
    }
    return new int[] {ws[0] & 0xffff, ws[1] & 0xffff};
  }

  public static void setsid() throws SyscallException {
    try {
      C.setsid();
    } catch (LastErrorException e) {
      throw fail("setsid", e);
    }
  }

  // ---- processes --------------------------------------------------------------------------

  public static void kill(long pid, int signal) throws SyscallException {
    try {
      C.kill((int) pid, signal);
    } catch (LastErrorException e) {
      throw fail("kill " + pid + " signal " + signal, e);
    }
  }

  public static int pidfdOpen(long pid) throws SyscallException {
    try {
      return (int) C.syscall(NR.pidfdOpen, (int) pid, 0);
    } catch (LastErrorException e) {
      throw fail("pidfd_open " + pid, e);
    }
  }

  /** Duplicates descriptor {@code targetFd} of the process behind {@code pidfd} (close-on-exec). */
  public static int pidfdGetfd(int pidfd, int targetFd) throws SyscallException {
    try {
      return (int) C.syscall(NR.pidfdGetfd, pidfd, targetFd, 0);
    } catch (LastErrorException e) {
      throw fail("pidfd_getfd " + targetFd, e);
    }
  }

  /** pipe2(2) with O_CLOEXEC: {read end, write end}. */
  public static int[] pipe() throws SyscallException {
    int[] fds = new int[2];
    try {
      C.pipe2(fds, O_CLOEXEC);
    } catch (LastErrorException e) {
      throw fail("pipe2", e);
    }
    return fds;
  }

  /**
   * posix_spawn(3) from the calling thread: {@code stdio[i]} becomes descriptor i of the child
   * (every other descriptor is closed), the working directory is {@code cwd} and the signal mask
   * is empty; ignored signals stay ignored, as across any fork and exec. The child is a process, never a thread, so
   * this works from a thread whose pid namespace for children differs from its own (where the
   * kernel refuses to create threads). Returns the child's pid.
   */
  public static long spawn(String path, String[] argv, String[] envp, int[] stdio, Path cwd)
      throws SyscallException {
    Memory actions = new Memory(512);
    Memory attrs = new Memory(1024);
    actions.clear();
    attrs.clear();
    check(C.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
    try {
      check(C.posix_spawnattr_init(attrs), "posix_spawnattr_init");
      try {
        for (int i = 0; i < stdio.length; i++) {
          check(C.posix_spawn_file_actions_adddup2(actions, stdio[i], i), "posix_spawn dup2");
        }
        check(C.posix_spawn_file_actions_addclosefrom_np(actions, stdio.length), "posix_spawn closefrom");
        check(C.posix_spawn_file_actions_addchdir_np(actions, cwd.toString()), "posix_spawn chdir");
        Memory none = new Memory(128);
        none.clear();
        check(C.posix_spawnattr_setsigmask(attrs, none), "posix_spawnattr_setsigmask");
        check(C.posix_spawnattr_setflags(attrs, (short) 0x08), "posix_spawnattr_setflags");
        int[] pid = new int[1];
        int err = C.posix_spawn(pid, path, actions, attrs, argv, envp);
        if (err != 0) {
          throw new SyscallException("posix_spawn " + path, err);
        }
        return pid[0];
      } finally {
        C.posix_spawnattr_destroy(attrs);
      }
    } finally {
      C.posix_spawn_file_actions_destroy(actions);
    }
  }

  private static void check(int err, String what) throws SyscallException {
    if (err != 0) {
      throw new SyscallException(what, err);
    }
  }

  /** Replaces the calling process image; returns only by throwing. */
  public static void execve(String path, String[] argv, String[] envp) throws SyscallException {
    try {
      C.execve(path, argv, envp);
    } catch (LastErrorException e) {
      throw fail("exec " + path, e);
    }
    throw new SyscallException("exec " + path, Errno.EINVAL);
  }

  /** Result of waitpid(2): the pid reaped and its raw wait status. */
  public record WaitStatus(long pid, int status) {
    public boolean exited() {
      return (status & 0x7f) == 0;
    }

    /** Exit code, or 128 + signal for a process killed by a signal (containerd's convention). */
    public int exitCode() {
      return exited() ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }
  }

  /** waitpid(2); empty when {@code WNOHANG} was given and nothing changed state. */
  public static java.util.Optional<WaitStatus> waitpid(long pid, int options) throws SyscallException {
    int[] status = new int[1];
    while (true) {
      try {
        int got = C.waitpid((int) pid, status, options);
        return got == 0 ? java.util.Optional.empty() : java.util.Optional.of(new WaitStatus(got, status[0]));
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw fail("waitpid " + pid, e);
        }
      }
    }
  }

  /** Pid of a child that has exited and is not reaped yet, without reaping it (waitid WNOWAIT). */
  public static OptionalInt peekExitedChild() throws SyscallException {
    Memory info = new Memory(128);
    info.clear();
    try {
      C.waitid(P_ALL, 0, info, WEXITED | WNOHANG | WNOWAIT);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Errno.ECHILD) {
        return OptionalInt.empty();
      }
      throw fail("waitid", e);
    }
    int pid = info.getInt(16);
    return pid == 0 ? OptionalInt.empty() : OptionalInt.of(pid);
  }
}
