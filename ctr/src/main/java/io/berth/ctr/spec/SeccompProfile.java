package io.berth.ctr.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * containerd 1.6's default seccomp profile ({@code seccomp.WithDefaultProfile}, what {@code ctr run
 * --seccomp} sets), built from its rules: everything is refused with EPERM except a list of
 * syscalls every container may use, a few {@code personality} values, {@code ptrace} on kernels
 * from 4.8, the syscalls of the machine's architecture, and those each capability in the bounding
 * set unlocks. Without CAP_SYS_ADMIN, {@code clone} is allowed only without namespace flags and
 * {@code clone3} fails with ENOSYS (so that callers fall back to {@code clone}).
 */
public final class SeccompProfile {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final String ALLOW = "SCMP_ACT_ALLOW";
  private static final String ERRNO = "SCMP_ACT_ERRNO";

  /** CLONE_NEWNS, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET and NEWCGROUP. */
  static final long NAMESPACE_FLAGS =
      0x00020000L | 0x04000000L | 0x08000000L | 0x10000000L | 0x20000000L | 0x40000000L | 0x02000000L;

  private static final int ENOSYS = 38;

  /** Syscalls allowed whatever the capabilities. */
  private static final List<String> ALLOWED = words("""
      accept accept4 access adjtimex alarm bind brk capget capset chdir chmod chown chown32
      clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime
      clock_gettime64 clock_nanosleep clock_nanosleep_time64 close close_range connect
      copy_file_range creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old
      epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit
      exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark fchdir
      fchmod fchmodat fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr
      flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync
      ftruncate ftruncate64 futex futex_time64 futex_waitv futimesat getcpu getcwd getdents
      getdents64 getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32
      getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid
      getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid getsockname
      getsockopt get_thread_area gettid gettimeofday getuid getuid32 getxattr inotify_add_watch
      inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents
      io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit io_uring_enter
      io_uring_register io_uring_setup ipc kill landlock_add_rule landlock_create_ruleset
      landlock_restrict_self lchown lchown32 lgetxattr link linkat listen listxattr llistxattr
      _llseek lremovexattr lseek lsetxattr lstat lstat64 madvise membarrier memfd_create
      memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2 mprotect
      mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64 mq_timedsend
      mq_timedsend_time64 mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock munlockall
      munmap nanosleep newfstatat _newselect open openat openat2 pause pidfd_open
      pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64
      prctl pread64 preadv preadv2 prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64
      pwritev pwritev2 read readahead readlink readlinkat readv recv recvfrom recvmmsg
      recvmmsg_time64 recvmsg remap_file_pages removexattr rename renameat renameat2
      restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo
      rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo
      sched_getaffinity sched_getattr sched_getparam sched_get_priority_max
      sched_get_priority_min sched_getscheduler sched_rr_get_interval
      sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam
      sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop
      semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto setfsgid setfsgid32
      setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid setpriority
      setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32
      setrlimit set_robust_list setsid setsockopt set_thread_area set_tid_address setuid
      setuid32 setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4
      sigprocmask sigreturn socket socketcall socketpair splice stat stat64 statfs statfs64
      statx symlink symlinkat sync sync_file_range syncfs sysinfo tee tgkill time timer_create
      timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64
      timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times
      tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat utime utimensat
      utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev
      """);

  /** {@code personality} arguments allowed: Linux, UNAME26, PER_LINUX32, PER_LINUX32|UNAME26, query. */
  private static final long[] PERSONALITIES = {0x0, 0x0008, 0x20000, 0x20008, 0xffffffffL};

  /** Syscalls CAP_SYS_ADMIN unlocks. */
  private static final List<String> SYS_ADMIN = words("""
      bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount
      mount_setattr move_mount name_to_handle_at open_tree perf_event_open quotactl quotactl_fd
      setdomainname sethostname setns syslog umount umount2 unshare
      """);

  /** Syscalls other capabilities unlock, in the order the rules are written for a bounding set. */
  private static final Map<String, List<String>> BY_CAPABILITY = new LinkedHashMap<>();

  static {
    BY_CAPABILITY.put("CAP_DAC_READ_SEARCH", List.of("open_by_handle_at"));
    BY_CAPABILITY.put("CAP_SYS_ADMIN", SYS_ADMIN);
    BY_CAPABILITY.put("CAP_SYS_BOOT", List.of("reboot"));
    BY_CAPABILITY.put("CAP_SYS_CHROOT", List.of("chroot"));
    BY_CAPABILITY.put("CAP_SYS_MODULE", List.of("delete_module", "init_module", "finit_module"));
    BY_CAPABILITY.put("CAP_SYS_PACCT", List.of("acct"));
    BY_CAPABILITY.put(
        "CAP_SYS_PTRACE",
        List.of("kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"));
    BY_CAPABILITY.put("CAP_SYS_RAWIO", List.of("iopl", "ioperm"));
    BY_CAPABILITY.put("CAP_SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_settime64"));
    BY_CAPABILITY.put("CAP_SYS_TTY_CONFIG", List.of("vhangup"));
    BY_CAPABILITY.put("CAP_SYS_NICE", List.of("get_mempolicy", "mbind", "set_mempolicy"));
    BY_CAPABILITY.put("CAP_SYSLOG", List.of("syslog"));
    BY_CAPABILITY.put("CAP_BPF", List.of("bpf"));
    BY_CAPABILITY.put("CAP_PERFMON", List.of("perf_event_open"));
  }

  /** A machine architecture as Go names it, with its seccomp architectures and extra syscalls. */
  public enum Arch {
    AMD64(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), List.of("arch_prctl", "modify_ldt")),
    ARM64(
        List.of("SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64"),
        List.of("arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls")),
    S390X(
        List.of("SCMP_ARCH_S390", "SCMP_ARCH_S390X"),
        List.of("s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr")),
    RISCV64(List.of("SCMP_ARCH_RISCV64"), List.of("riscv_flush_icache")),
    OTHER(List.of(), List.of());

    private final List<String> seccompArches;
    private final List<String> syscalls;

    Arch(List<String> seccompArches, List<String> syscalls) {
      this.seccompArches = seccompArches;
      this.syscalls = syscalls;
    }

    /** The architecture of the JVM ({@code os.arch}). */
    public static Arch current() {
      return switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> AMD64;
        case "aarch64", "arm64" -> ARM64;
        case "s390x" -> S390X;
        case "riscv64" -> RISCV64;
        default -> OTHER;
      };
    }
  }

  private SeccompProfile() {}

  /**
   * The default profile for a process whose bounding capabilities are {@code bounding}, on {@code
   * arch} with a kernel of the given version, as the JSON of the spec's {@code linux.seccomp}.
   */
  public static ObjectNode defaults(Arch arch, int kernelMajor, int kernelMinor, List<String> bounding) {
    ObjectNode s = NODES.objectNode();
    s.put("defaultAction", ERRNO);
    s.set("architectures", strings(arch.seccompArches));
    ArrayNode rules = s.putArray("syscalls");
    allow(rules, ALLOWED);
    for (long p : PERSONALITIES) {
      ObjectNode rule = allow(rules, List.of("personality"));
      rule.putArray("args").addObject().put("index", 0).put("value", p).put("op", "SCMP_CMP_EQ");
    }
    if (kernelMajor > 4 || (kernelMajor == 4 && kernelMinor >= 8)) {
      allow(rules, List.of("ptrace"));
    }
    if (!arch.syscalls.isEmpty()) {
      allow(rules, arch.syscalls);
    }
    boolean admin = false;
    for (String cap : bounding) {
      List<String> names = BY_CAPABILITY.get(cap);
      if (names != null) {
        allow(rules, names);
        admin |= cap.equals("CAP_SYS_ADMIN");
      }
    }
    if (!admin) {
      // s390 passes the flags of clone as its second argument
      int flagsArg = arch == Arch.S390X ? 1 : 0;
      ObjectNode clone = allow(rules, List.of("clone"));
      clone.putArray("args").addObject()
          .put("index", flagsArg).put("value", NAMESPACE_FLAGS).put("valueTwo", 0).put("op", "SCMP_CMP_MASKED_EQ");
      ObjectNode clone3 = rules.addObject();
      clone3.set("names", strings(List.of("clone3")));
      clone3.put("action", ERRNO);
      clone3.put("errnoRet", ENOSYS);
    }
    return s;
  }

  /** {@link #defaults} for this machine: its architecture and running kernel. */
  public static ObjectNode forHost(List<String> bounding) {
    int[] version = kernelVersion(System.getProperty("os.version"));
    return defaults(Arch.current(), version[0], version[1], bounding);
  }

  /** The major and minor numbers of a kernel release such as {@code 6.1.0-18-amd64}. */
  static int[] kernelVersion(String release) {
    String[] parts = release.split("[^0-9]+", 3);
    int major = parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0;
    int minor = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
    return new int[] {major, minor};
  }

  private static ObjectNode allow(ArrayNode rules, List<String> names) {
    ObjectNode rule = rules.addObject();
    rule.set("names", strings(names));
    rule.put("action", ALLOW);
    return rule;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.strip().split("\\s+")).toList();
  }
}
