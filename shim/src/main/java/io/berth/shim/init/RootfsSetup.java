package io.berth.shim.init;

import static io.berth.api.mounts.MountFlags.MS_BIND;
import static io.berth.api.mounts.MountFlags.MS_NODEV;
import static io.berth.api.mounts.MountFlags.MS_NOEXEC;
import static io.berth.api.mounts.MountFlags.MS_NOSUID;
import static io.berth.api.mounts.MountFlags.MS_RDONLY;
import static io.berth.api.mounts.MountFlags.MS_REC;
import static io.berth.api.mounts.MountFlags.MS_REMOUNT;
import static io.berth.api.mounts.MountFlags.MS_MOVE;
import static io.berth.api.mounts.MountFlags.MS_SLAVE;

import io.berth.shim.sys.Errno;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the container's filesystem view inside the stage's fresh mount namespace, in runc's
 * order: root propagation, the rootfs bind, the spec's mounts, /dev, pivot_root (or chroot), the
 * read-only root, hostname, sysctls, read-only and masked paths.
 */
final class RootfsSetup {
  private static final long CGROUP2_MAGIC = 0x63677270L;

  private final InitPlan.Rootfs plan;
  private final Path rootfs;

  RootfsSetup(InitPlan.Rootfs plan) {
    this.plan = plan;
    this.rootfs = Path.of(plan.path());
  }

  /** Everything up to and including the switch of root. */
  void prepare() throws StageFailure {
    if (!Files.isDirectory(rootfs)) {
      throw new StageFailure("rootfs " + rootfs + " is not a directory");
    }
    try {
      Syscalls.mount("", Path.of("/"), null, plan.propagation(), null);
      Syscalls.mount(rootfs.toString(), rootfs, "bind", MS_BIND | MS_REC, null);
    } catch (SyscallException e) {
      throw new StageFailure("prepare rootfs", e);
    }
    List<CgroupHierarchy> hierarchies = null;
    for (InitPlan.MountOp m : plan.mounts()) {
      if (m.kind() == InitPlan.MountKind.CGROUP && hierarchies == null) {
        hierarchies = CgroupHierarchy.ofThisProcess();
      }
      mount(m, hierarchies);
    }
    if (plan.setupDev()) {
      createDevices();
    }
    switchRoot();
  }

  /** The settings applied after the switch of root. */
  void finish() throws StageFailure {
    if (plan.readonly()) {
      remountReadonly(Path.of("/"), false);
    }
    try {
      if (!plan.hostname().isEmpty()) {
        Syscalls.sethostname(plan.hostname());
      }
      if (!plan.domainname().isEmpty()) {
        Syscalls.setdomainname(plan.domainname());
      }
    } catch (SyscallException e) {
      throw new StageFailure("set hostname", e);
    }
    for (Map.Entry<String, String> s : plan.sysctl().entrySet()) {
      Path file = Path.of("/proc/sys", s.getKey().replace('.', '/'));
      try {
        Files.writeString(file, s.getValue());
      } catch (IOException e) {
        throw new StageFailure("write sysctl key " + s.getKey() + ": " + e.getMessage());
      }
    }
    for (String p : plan.readonlyPaths()) {
      Path path = Path.of(p);
      if (SecurePath.exists(path)) {
        remountReadonly(path, true);
      }
    }
    for (String p : plan.maskedPaths()) {
      mask(Path.of(p));
    }
  }

  private void mount(InitPlan.MountOp m, List<CgroupHierarchy> hierarchies) throws StageFailure {
    Path dest = SecurePath.join(rootfs, m.destination());
    String what = "mount " + (m.type().isEmpty() ? "bind " + m.source() : m.type()) + " to rootfs at \""
        + m.destination() + "\"";
    try {
      switch (m.kind()) {
        case BIND -> {
          Path source = Path.of(m.source());
          if (!Files.exists(source)) {
            throw new StageFailure(what + ": source " + m.source() + " does not exist");
          }
          makeMountpoint(dest, Files.isDirectory(source));
          Syscalls.mount(m.source(), dest, "bind", MS_BIND | (m.flags() & MS_REC), null);
          if ((m.flags() & ~(MS_REC | MS_REMOUNT | MS_BIND)) != 0) {
            Syscalls.mount(m.source(), dest, "bind", m.flags() | MS_REMOUNT | MS_BIND, null);
          }
        }
        case CGROUP -> mountCgroup(m, dest, hierarchies);
        case REGULAR -> {
          makeMountpoint(dest, true);
          boolean laterReadonly = m.type().equals("tmpfs") && (m.flags() & MS_RDONLY) != 0;
          long flags = laterReadonly ? m.flags() & ~MS_RDONLY : m.flags();
          Syscalls.mount(m.source(), dest, m.type(), flags, m.data().isEmpty() ? null : m.data());
          if (laterReadonly) {
            Syscalls.mount(m.source(), dest, m.type(), m.flags() | MS_REMOUNT,
                m.data().isEmpty() ? null : m.data());
          }
        }
        default -> throw new StageFailure(what + ": unknown mount kind");
      }
      for (long p : m.propagation()) {
        Syscalls.mount("", dest, null, p, null);
      }
    } catch (SyscallException e) {
      throw new StageFailure(what, e);
    } catch (IOException e) {
      throw new StageFailure(what + ": create mountpoint: " + e.getMessage());
    }
  }

  private static void makeMountpoint(Path dest, boolean directory) throws IOException {
    if (directory) {
      Files.createDirectories(dest);
    } else if (!Files.exists(dest)) {
      Files.createDirectories(dest.getParent());
      Files.createFile(dest);
    }
  }

  /** cgroup v2: one cgroup2 mount. v1: a tmpfs holding one mount per hierarchy the host has. */
  private void mountCgroup(InitPlan.MountOp m, Path dest, List<CgroupHierarchy> hierarchies)
      throws SyscallException, IOException, StageFailure {
    Files.createDirectories(dest);
    long flags = m.flags() & ~MS_REMOUNT;
    if (Syscalls.filesystemType(Path.of("/sys/fs/cgroup")) == CGROUP2_MAGIC) {
      Syscalls.mount("cgroup", dest, "cgroup2", flags, null);
      return;
    }
    Syscalls.mount("tmpfs", dest, "tmpfs", (flags & ~MS_RDONLY) | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755");
    List<String> own = ownCgroups();
    for (CgroupHierarchy h : hierarchies) {
      Path sub = dest.resolve(h.name());
      Files.createDirectories(sub);
      String path = h.pathIn(own);
      if (path.equals("/")) {
        // the hierarchy's root, or the root of the stage's own cgroup namespace
        Syscalls.mount("cgroup", sub, h.type(), flags, h.options().isEmpty() ? null : h.options());
      } else {
        // no cgroup namespace: as runc, show the container its own cgroup, not the host's tree
        Path source = Path.of("/sys/fs/cgroup", h.name() + path);
        Syscalls.mount(source.toString(), sub, "bind", MS_BIND | MS_REC, null);
        Syscalls.mount(source.toString(), sub, "bind", flags | MS_BIND | MS_REMOUNT, null);
      }
    }
    if ((flags & MS_RDONLY) != 0) {
      Syscalls.mount("tmpfs", dest, "tmpfs", flags | MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755");
    }
  }

  private void createDevices() throws StageFailure {
    Path dev = rootfs.resolve("dev");
    for (InitPlan.DeviceNode d : plan.devices()) {
      Path dest = SecurePath.join(rootfs, d.path());
      int typeBits = switch (d.type()) {
        case 'c', 'u' -> 0020000;
        case 'b' -> 0060000;
        case 'p' -> 0010000;
        default -> throw new StageFailure("device " + d.path() + ": unknown type " + d.type());
      };
      try {
        Files.createDirectories(dest.getParent());
        Files.deleteIfExists(dest);
        Syscalls.mknod(dest, typeBits | (d.mode() & 07777), d.major(), d.minor());
        Syscalls.lchown(dest, d.uid(), d.gid());
      } catch (SyscallException e) {
        throw new StageFailure("create device " + d.path(), e);
      } catch (IOException e) {
        throw new StageFailure("create device " + d.path() + ": " + e.getMessage());
      }
    }
    try {
      Path ptmx = dev.resolve("ptmx");
      Files.deleteIfExists(ptmx);
      Syscalls.symlink("pts/ptmx", ptmx);
      List<String[]> links = new ArrayList<>();
      links.add(new String[] {"/proc/self/fd", "fd"});
      links.add(new String[] {"/proc/self/fd/0", "stdin"});
      links.add(new String[] {"/proc/self/fd/1", "stdout"});
      links.add(new String[] {"/proc/self/fd/2", "stderr"});
      if (Files.exists(Path.of("/proc/kcore"))) {
        links.add(new String[] {"/proc/kcore", "core"});
      }
      for (String[] l : links) {
        try {
          Syscalls.symlink(l[0], dev.resolve(l[1]));
        } catch (SyscallException e) {
          if (e.errno() != Errno.EEXIST) {
            throw e;
          }
        }
      }
    } catch (SyscallException e) {
      throw new StageFailure("set up /dev", e);
    } catch (IOException e) {
      throw new StageFailure("set up /dev: " + e.getMessage());
    }
  }

  private void switchRoot() throws StageFailure {
    try {
      if (plan.noPivotRoot()) {
        Syscalls.chdir(rootfs);
        Syscalls.mount(rootfs.toString(), Path.of("/"), null, MS_MOVE, null);
        Syscalls.chroot(Path.of("."));
        Syscalls.chdir(Path.of("/"));
        return;
      }
      int oldRoot = Syscalls.open(Path.of("/"), Syscalls.O_DIRECTORY | Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
      try {
        Syscalls.chdir(rootfs);
        Syscalls.pivotRoot(Path.of("."), Path.of("."));
        Syscalls.fchdir(oldRoot);
        Syscalls.mount("", Path.of("."), null, MS_SLAVE | MS_REC, null);
        Syscalls.umount2(Path.of("."), Syscalls.MNT_DETACH);
      } finally {
        Syscalls.closeQuietly(oldRoot);
      }
      Syscalls.chdir(Path.of("/"));
    } catch (SyscallException e) {
      throw new StageFailure(plan.noPivotRoot() ? "chroot into rootfs" : "pivot_root into rootfs", e);
    }
  }

  private static void remountReadonly(Path path, boolean bindFirst) throws StageFailure {
    try {
      if (bindFirst) {
        Syscalls.mount(path.toString(), path, null, MS_BIND | MS_REC, null);
      }
      long keep = Syscalls.mountFlags(path) & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
      Syscalls.mount(path.toString(), path, null, keep | MS_BIND | MS_REMOUNT | MS_RDONLY, null);
    } catch (SyscallException e) {
      throw new StageFailure("make " + path + " read-only", e);
    }
  }

  private static void mask(Path path) throws StageFailure {
    try {
      Syscalls.mount("/dev/null", path, null, MS_BIND, null);
    } catch (SyscallException e) {
      if (e.errno() == Errno.ENOENT) {
        return;
      }
      if (e.errno() != Errno.ENOTDIR) {
        throw new StageFailure("mask " + path, e);
      }
      try {
        Syscalls.mount("tmpfs", path, "tmpfs", MS_RDONLY, null);
      } catch (SyscallException e2) {
        throw new StageFailure("mask " + path, e2);
      }
    }
  }

  /** The lines of /proc/self/cgroup: {@code id:controllers:path}. */
  private static List<String> ownCgroups() throws StageFailure {
    try {
      return Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StageFailure("read /proc/self/cgroup: " + e.getMessage());
    }
  }

  /** A cgroup v1 (or hybrid unified) hierarchy mounted on the host under /sys/fs/cgroup. */
  record CgroupHierarchy(String name, String type, String options) {
    /**
     * This process's cgroup in the hierarchy, from /proc/self/cgroup lines (the line whose
     * controllers, or {@code name=}, are all among the mount's options); "/" when none matches.
     */
    String pathIn(List<String> procSelfCgroup) {
      List<String> opts = List.of(options.split(","));
      for (String line : procSelfCgroup) {
        String[] f = line.split(":", 3);
        if (f.length == 3 && !f[1].isEmpty() && opts.containsAll(List.of(f[1].split(",")))) {
          return f[2].isEmpty() ? "/" : f[2];
        }
      }
      return "/";
    }

    static List<CgroupHierarchy> ofThisProcess() throws StageFailure {
      List<CgroupHierarchy> list = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
          String[] f = line.split(" ");
          int dash = List.of(f).indexOf("-");
          if (dash < 0 || dash + 3 >= f.length) {
            continue;
          }
          String mountPoint = f[4];
          String type = f[dash + 1];
          if (!mountPoint.startsWith("/sys/fs/cgroup/") || !(type.equals("cgroup"))) {
            continue;
          }
          String name = mountPoint.substring("/sys/fs/cgroup/".length());
          if (name.contains("/")) {
            continue;
          }
          StringBuilder opts = new StringBuilder();
          for (String o : f[dash + 3].split(",")) {
            if (o.equals("rw") || o.equals("ro")) {
              continue;
            }
            if (!opts.isEmpty()) {
              opts.append(',');
            }
            opts.append(o);
          }
          list.add(new CgroupHierarchy(name, type, opts.toString()));
        }
      } catch (IOException e) {
        throw new StageFailure("read /proc/self/mountinfo: " + e.getMessage());
      }
      return list;
    }
  }
}
