package io.berth.shim.runtime;

import static io.berth.api.mounts.MountFlags.MS_BIND;
import static io.berth.api.mounts.MountFlags.MS_REC;
import static io.berth.api.mounts.MountFlags.MS_SLAVE;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.mounts.MountOptions;
import io.berth.shim.init.InitPlan;
import io.berth.shim.seccomp.SeccompCompiler;
import io.berth.shim.spec.Capabilities;
import io.berth.shim.spec.Linux;
import io.berth.shim.spec.Mount;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Rlimit;
import io.berth.shim.spec.Seccomp;
import io.berth.shim.spec.Spec;
import io.berth.shim.sys.NamespaceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks an OCI spec and resolves it into what the namespace thread and the init stage do. Every
 * refusal is an {@link InvalidArgumentException} (or {@link NotImplementedException}) naming the
 * spec field, raised before anything is created.
 */
final class SpecPlanner {
  /** Namespaces the spawning thread itself unshares; mount and cgroup are the stage's. */
  private static final Set<NamespaceType> THREAD_NAMESPACES =
      EnumSet.of(NamespaceType.PID, NamespaceType.NETWORK, NamespaceType.IPC, NamespaceType.UTS);

  /** The default device nodes runc creates in every container. */
  private static final List<InitPlan.DeviceNode> DEFAULT_DEVICES = List.of(
      new InitPlan.DeviceNode("/dev/null", 'c', 1, 3, 0666, 0, 0),
      new InitPlan.DeviceNode("/dev/zero", 'c', 1, 5, 0666, 0, 0),
      new InitPlan.DeviceNode("/dev/full", 'c', 1, 7, 0666, 0, 0),
      new InitPlan.DeviceNode("/dev/random", 'c', 1, 8, 0666, 0, 0),
      new InitPlan.DeviceNode("/dev/urandom", 'c', 1, 9, 0666, 0, 0),
      new InitPlan.DeviceNode("/dev/tty", 'c', 5, 0, 0666, 0, 0));

  /** The container-level plan. */
  record Planned(List<NamespaceType> threadUnshare, Map<NamespaceType, Path> threadJoin, InitPlan init,
           String cgroupsPath, boolean ownPidNamespace) {
  }

  private SpecPlanner() {
  }

  static Planned plan(Path bundle, Spec spec, boolean noPivotRoot) {
    if (spec.process() == null) {
      throw new InvalidArgumentException("OCI spec: process is required");
    }
    if (spec.root() == null || spec.root().path() == null || spec.root().path().isEmpty()) {
      throw new InvalidArgumentException("OCI spec: root.path is required");
    }
    Linux linux = spec.linux() != null ? spec.linux()
        : new Linux(null, null, null, null, null, null, null, null, null, null, null, null);
    if (!linux.uidMappings().isEmpty() || !linux.gidMappings().isEmpty()) {
      throw new NotImplementedException("linux.uidMappings: user namespaces are not supported");
    }
    Map<NamespaceType, String> namespaces = new EnumMap<>(NamespaceType.class);
    for (Linux.Namespace ns : linux.namespaces()) {
      NamespaceType type = NamespaceType.fromOci(ns.type()).orElseThrow(() -> new InvalidArgumentException(
          "linux.namespaces: unknown namespace type \"" + ns.type() + "\""));
      if (type == NamespaceType.USER || type == NamespaceType.TIME) {
        throw new NotImplementedException("linux.namespaces: " + type.ociName()
            + " namespaces are not supported");
      }
      if (namespaces.put(type, ns.path()) != null) {
        throw new InvalidArgumentException("linux.namespaces: duplicate namespace type \"" + ns.type() + "\"");
      }
      if (!ns.path().isEmpty() && !Files.exists(Path.of(ns.path()))) {
        throw new InvalidArgumentException("linux.namespaces: " + ns.type() + " namespace path " + ns.path()
            + " does not exist");
      }
    }
    if (!namespaces.containsKey(NamespaceType.MOUNT)) {
      throw new InvalidArgumentException("linux.namespaces: a mount namespace is required");
    }
    if (!spec.hostname().isEmpty() && !"".equals(namespaces.getOrDefault(NamespaceType.UTS, "x"))) {
      throw new InvalidArgumentException("hostname: unable to set hostname without a private UTS namespace");
    }
    List<NamespaceType> unshare = new ArrayList<>();
    Map<NamespaceType, Path> join = new LinkedHashMap<>();
    for (Map.Entry<NamespaceType, String> e : namespaces.entrySet()) {
      if (!THREAD_NAMESPACES.contains(e.getKey())) {
        continue;
      }
      if (e.getValue().isEmpty()) {
        unshare.add(e.getKey());
      } else {
        join.put(e.getKey(), Path.of(e.getValue()));
      }
    }
    String mountPath = namespaces.get(NamespaceType.MOUNT);
    String cgroupPath = namespaces.getOrDefault(NamespaceType.CGROUP, "");
    boolean newCgroup = namespaces.containsKey(NamespaceType.CGROUP) && cgroupPath.isEmpty();

    InitPlan.Rootfs rootfs = rootfs(bundle, spec, linux, noPivotRoot);
    InitPlan.Proc proc = process(spec.process(), linux.seccomp(), "process");
    InitPlan init = new InitPlan(false, mountPath, mountPath.isEmpty(), cgroupPath, newCgroup,
        mountPath.isEmpty() ? rootfs : null, proc);
    return new Planned(unshare, join, init, linux.cgroupsPath(),
        "".equals(namespaces.get(NamespaceType.PID)));
  }

  /** The plan of a process joining the running container whose init is {@code initPid}. */
  static InitPlan exec(long initPid, ProcessSpec process, Seccomp seccomp, boolean cgroupNamespace) {
    InitPlan.Proc proc = process(process, seccomp, "process");
    return new InitPlan(true, "/proc/" + initPid + "/ns/mnt", false,
        cgroupNamespace ? "/proc/" + initPid + "/ns/cgroup" : "", false, null, proc);
  }

  private static InitPlan.Rootfs rootfs(Path bundle, Spec spec, Linux linux, boolean noPivotRoot) {
    Path root = Path.of(spec.root().path());
    if (!root.isAbsolute()) {
      root = bundle.resolve(root);
    }
    root = root.normalize();
    if (!Files.isDirectory(root)) {
      throw new InvalidArgumentException("root.path: rootfs " + root + " does not exist or is not a directory");
    }
    long propagation = MS_SLAVE | MS_REC;
    if (!linux.rootfsPropagation().isEmpty()) {
      propagation = MountOptions.propagationOf(linux.rootfsPropagation()).orElseThrow(() ->
          new InvalidArgumentException("linux.rootfsPropagation: unknown propagation \""
              + linux.rootfsPropagation() + "\""));
    }
    List<InitPlan.MountOp> mounts = new ArrayList<>();
    boolean devBound = false;
    for (int i = 0; i < spec.mounts().size(); i++) {
      Mount m = spec.mounts().get(i);
      MountOptions o = MountOptions.parse(m.options());
      String type = m.type() == null ? "" : m.type();
      String source = m.source() == null ? "" : m.source();
      String dest = m.destination().startsWith("/") ? m.destination() : "/" + m.destination();
      boolean bind = type.equals("bind") || (o.flags() & MS_BIND) != 0;
      InitPlan.MountKind kind;
      if (bind) {
        kind = InitPlan.MountKind.BIND;
        if (source.isEmpty()) {
          throw new InvalidArgumentException("mounts[" + i + "]: bind mount of " + dest + " needs a source");
        }
        if (!Path.of(source).isAbsolute()) {
          source = bundle.resolve(source).toString();
        }
        type = "";
        devBound |= dest.equals("/dev");
      } else if (type.equals("cgroup") || type.equals("cgroup2")) {
        kind = InitPlan.MountKind.CGROUP;
      } else {
        kind = InitPlan.MountKind.REGULAR;
        if (type.isEmpty()) {
          throw new InvalidArgumentException("mounts[" + i + "]: mount of " + dest + " needs a type");
        }
      }
      mounts.add(new InitPlan.MountOp(kind, source, dest, type, o.flags(), o.data(), o.propagation()));
    }
    Map<String, InitPlan.DeviceNode> devices = new LinkedHashMap<>();
    for (InitPlan.DeviceNode d : DEFAULT_DEVICES) {
      devices.put(d.path(), d);
    }
    for (Linux.Device d : linux.devices()) {
      if (d.type() == null || d.type().length() != 1 || "cbup".indexOf(d.type().charAt(0)) < 0) {
        throw new InvalidArgumentException("linux.devices: " + d.path() + " has unknown type \"" + d.type()
            + "\"");
      }
      devices.put(d.path(), new InitPlan.DeviceNode(d.path(), d.type().charAt(0), (int) d.major(),
          (int) d.minor(), d.fileMode() == null ? 0666 : d.fileMode(),
          d.uid() == null ? 0 : d.uid().intValue(), d.gid() == null ? 0 : d.gid().intValue()));
    }
    Integer oom = spec.process().oomScoreAdj();
    return new InitPlan.Rootfs(root.toString(), spec.root().readonly(), propagation, noPivotRoot, mounts,
        !devBound, new ArrayList<>(devices.values()), linux.maskedPaths(), linux.readonlyPaths(),
        spec.hostname(), spec.domainname(), linux.sysctl(), oom == null ? 0 : oom, oom != null);
  }

  private static InitPlan.Proc process(ProcessSpec p, Seccomp seccomp, String field) {
    if (p.args().isEmpty()) {
      throw new InvalidArgumentException(field + ".args must not be empty");
    }
    String cwd = p.cwd().isEmpty() ? "/" : p.cwd();
    if (!cwd.startsWith("/")) {
      throw new InvalidArgumentException(field + ".cwd \"" + cwd + "\" must be an absolute path");
    }
    List<InitPlan.Limit> limits = new ArrayList<>();
    for (Rlimit r : p.rlimits()) {
      OptionalInt n = RlimitNames.number(r.type());
      if (n.isEmpty()) {
        throw new InvalidArgumentException(field + ".rlimits: unknown rlimit type \"" + r.type() + "\"");
      }
      if (Long.compareUnsigned(r.soft(), r.hard()) > 0) {
        throw new InvalidArgumentException(field + ".rlimits: " + r.type() + " soft limit exceeds hard limit");
      }
      limits.add(new InitPlan.Limit(n.getAsInt(), r.soft(), r.hard()));
    }
    Capabilities caps = p.capabilities() == null ? new Capabilities(null, null, null, null, null)
        : p.capabilities();
    byte[] bpf = new byte[0];
    int seccompFlags = 0;
    if (seccomp != null) {
      SeccompCompiler.Program program = SeccompCompiler.compile(seccomp);
      bpf = program.bpf();
      seccompFlags = program.flags();
    }
    List<Integer> groups = new ArrayList<>();
    for (long g : p.user().additionalGids()) {
      groups.add((int) g);
    }
    int rows = p.consoleSize() == null ? 0 : p.consoleSize().height();
    int cols = p.consoleSize() == null ? 0 : p.consoleSize().width();
    return new InitPlan.Proc(p.args(), p.env(), cwd, (int) p.user().uid(), (int) p.user().gid(), groups,
        p.user().umask() == null ? 0022 : p.user().umask(), limits, CapabilityNames.mask(caps.bounding()),
        CapabilityNames.mask(caps.effective()), CapabilityNames.mask(caps.inheritable()),
        CapabilityNames.mask(caps.permitted()), CapabilityNames.mask(caps.ambient()), p.noNewPrivileges(),
        bpf, seccompFlags, p.terminal(), rows, cols);
  }
}
