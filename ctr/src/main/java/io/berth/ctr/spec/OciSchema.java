package io.berth.ctr.spec;

import io.berth.ctr.spec.GoType.Field;
import io.berth.ctr.spec.GoType.Interface;
import io.berth.ctr.spec.GoType.Kind;
import io.berth.ctr.spec.GoType.MapOf;
import io.berth.ctr.spec.GoType.Pointer;
import io.berth.ctr.spec.GoType.Scalar;
import io.berth.ctr.spec.GoType.Slice;
import io.berth.ctr.spec.GoType.Struct;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of the OCI runtime spec's Go types ({@code specs-go} as containerd 1.6 vendors it,
 * runtime-spec 1.0.2-dev): field order, JSON names and {@code omitempty}, so that a spec can be
 * written exactly as Go's {@code json.Marshal} writes it and read back as {@code ctr} does.
 */
public final class OciSchema {

  private OciSchema() {}

  private static final Scalar STRING = new Scalar(Kind.STRING);
  private static final Scalar BOOL = new Scalar(Kind.BOOL);
  private static final Scalar INT = new Scalar(Kind.INT);
  private static final Scalar INT64 = new Scalar(Kind.INT64);
  private static final Scalar UINT = new Scalar(Kind.UINT);
  private static final Scalar UINT16 = new Scalar(Kind.UINT16);
  private static final Scalar UINT32 = new Scalar(Kind.UINT32);
  private static final Scalar UINT64 = new Scalar(Kind.UINT64);
  private static final Scalar FILE_MODE = new Scalar(Kind.UINT32, "fs.FileMode");
  private static final Slice STRINGS = new Slice(STRING);

  private static Field f(String json, GoType type) {
    return new Field(json, type, false);
  }

  private static Field o(String json, GoType type) {
    return new Field(json, type, true);
  }

  private static Pointer ptr(GoType t) {
    return new Pointer(t);
  }

  private static Slice slice(GoType t) {
    return new Slice(t);
  }

  private static Struct struct(String name, Field... fields) {
    return new Struct("specs." + name, List.of(fields));
  }

  private static Struct struct(String name, List<Field> embedded, Field... fields) {
    List<Field> all = new ArrayList<>(embedded);
    all.addAll(List.of(fields));
    return new Struct("specs." + name, all);
  }

  static final Struct BOX = struct("Box", f("height", UINT), f("width", UINT));

  static final Struct USER =
      struct(
          "User",
          f("uid", UINT32),
          f("gid", UINT32),
          o("umask", ptr(UINT32)),
          o("additionalGids", slice(UINT32)),
          o("username", STRING));

  static final Struct CAPABILITIES =
      struct(
          "LinuxCapabilities",
          o("bounding", STRINGS),
          o("effective", STRINGS),
          o("inheritable", STRINGS),
          o("permitted", STRINGS),
          o("ambient", STRINGS));

  static final Struct RLIMIT =
      struct("POSIXRlimit", f("type", STRING), f("hard", UINT64), f("soft", UINT64));

  static final Struct PROCESS =
      struct(
          "Process",
          o("terminal", BOOL),
          o("consoleSize", ptr(BOX)),
          f("user", USER),
          o("args", STRINGS),
          o("commandLine", STRING),
          o("env", STRINGS),
          f("cwd", STRING),
          o("capabilities", ptr(CAPABILITIES)),
          o("rlimits", slice(RLIMIT)),
          o("noNewPrivileges", BOOL),
          o("apparmorProfile", STRING),
          o("oomScoreAdj", ptr(INT)),
          o("selinuxLabel", STRING));

  static final Struct ROOT = struct("Root", f("path", STRING), o("readonly", BOOL));

  static final Struct ID_MAPPING =
      struct("LinuxIDMapping", f("containerID", UINT32), f("hostID", UINT32), f("size", UINT32));

  static final Struct MOUNT =
      struct(
          "Mount",
          f("destination", STRING),
          o("type", STRING),
          o("source", STRING),
          o("options", STRINGS),
          o("uidMappings", slice(ID_MAPPING)),
          o("gidMappings", slice(ID_MAPPING)));

  static final Struct HOOK =
      struct("Hook", f("path", STRING), o("args", STRINGS), o("env", STRINGS), o("timeout", ptr(INT)));

  static final Struct HOOKS =
      struct(
          "Hooks",
          o("prestart", slice(HOOK)),
          o("createRuntime", slice(HOOK)),
          o("createContainer", slice(HOOK)),
          o("startContainer", slice(HOOK)),
          o("poststart", slice(HOOK)),
          o("poststop", slice(HOOK)));

  static final Struct NAMESPACE =
      struct(
          "LinuxNamespace",
          f("type", new Scalar(Kind.STRING, "specs.LinuxNamespaceType")),
          o("path", STRING));

  static final Struct DEVICE_CGROUP =
      struct(
          "LinuxDeviceCgroup",
          f("allow", BOOL),
          o("type", STRING),
          o("major", ptr(INT64)),
          o("minor", ptr(INT64)),
          o("access", STRING));

  static final Struct MEMORY =
      struct(
          "LinuxMemory",
          o("limit", ptr(INT64)),
          o("reservation", ptr(INT64)),
          o("swap", ptr(INT64)),
          o("kernel", ptr(INT64)),
          o("kernelTCP", ptr(INT64)),
          o("swappiness", ptr(UINT64)),
          o("disableOOMKiller", ptr(BOOL)),
          o("useHierarchy", ptr(BOOL)),
          o("checkBeforeUpdate", ptr(BOOL)));

  static final Struct CPU =
      struct(
          "LinuxCPU",
          o("shares", ptr(UINT64)),
          o("quota", ptr(INT64)),
          o("burst", ptr(UINT64)),
          o("period", ptr(UINT64)),
          o("realtimeRuntime", ptr(INT64)),
          o("realtimePeriod", ptr(UINT64)),
          o("cpus", STRING),
          o("mems", STRING),
          o("idle", ptr(INT64)));

  static final Struct PIDS = struct("LinuxPids", f("limit", INT64));

  private static final List<Field> BLOCK_IO_DEVICE = List.of(f("major", INT64), f("minor", INT64));

  static final Struct WEIGHT_DEVICE =
      struct(
          "LinuxWeightDevice",
          BLOCK_IO_DEVICE,
          o("weight", ptr(UINT16)),
          o("leafWeight", ptr(UINT16)));

  static final Struct THROTTLE_DEVICE =
      struct("LinuxThrottleDevice", BLOCK_IO_DEVICE, f("rate", UINT64));

  static final Struct BLOCK_IO =
      struct(
          "LinuxBlockIO",
          o("weight", ptr(UINT16)),
          o("leafWeight", ptr(UINT16)),
          o("weightDevice", slice(WEIGHT_DEVICE)),
          o("throttleReadBpsDevice", slice(THROTTLE_DEVICE)),
          o("throttleWriteBpsDevice", slice(THROTTLE_DEVICE)),
          o("throttleReadIOPSDevice", slice(THROTTLE_DEVICE)),
          o("throttleWriteIOPSDevice", slice(THROTTLE_DEVICE)));

  static final Struct HUGEPAGE_LIMIT =
      struct("LinuxHugepageLimit", f("pageSize", STRING), f("limit", UINT64));

  static final Struct INTERFACE_PRIORITY =
      struct("LinuxInterfacePriority", f("name", STRING), f("priority", UINT32));

  static final Struct NETWORK =
      struct("LinuxNetwork", o("classID", ptr(UINT32)), o("priorities", slice(INTERFACE_PRIORITY)));

  static final Struct RDMA =
      struct("LinuxRdma", o("hcaHandles", ptr(UINT32)), o("hcaObjects", ptr(UINT32)));

  static final Struct RESOURCES =
      struct(
          "LinuxResources",
          o("devices", slice(DEVICE_CGROUP)),
          o("memory", ptr(MEMORY)),
          o("cpu", ptr(CPU)),
          o("pids", ptr(PIDS)),
          o("blockIO", ptr(BLOCK_IO)),
          o("hugepageLimits", slice(HUGEPAGE_LIMIT)),
          o("network", ptr(NETWORK)),
          o("rdma", new MapOf(RDMA)),
          o("unified", new MapOf(STRING)));

  static final Struct DEVICE =
      struct(
          "LinuxDevice",
          f("path", STRING),
          f("type", STRING),
          f("major", INT64),
          f("minor", INT64),
          o("fileMode", ptr(FILE_MODE)),
          o("uid", ptr(UINT32)),
          o("gid", ptr(UINT32)));

  static final Struct SECCOMP_ARG =
      struct(
          "LinuxSeccompArg",
          f("index", UINT),
          f("value", UINT64),
          o("valueTwo", UINT64),
          f("op", new Scalar(Kind.STRING, "specs.LinuxSeccompOperator")));

  private static final Scalar SECCOMP_ACTION = new Scalar(Kind.STRING, "specs.LinuxSeccompAction");

  static final Struct SYSCALL =
      struct(
          "LinuxSyscall",
          f("names", STRINGS),
          f("action", SECCOMP_ACTION),
          o("errnoRet", ptr(UINT)),
          o("args", slice(SECCOMP_ARG)));

  static final Struct SECCOMP =
      struct(
          "LinuxSeccomp",
          f("defaultAction", SECCOMP_ACTION),
          o("defaultErrnoRet", ptr(UINT)),
          o("architectures", slice(new Scalar(Kind.STRING, "specs.Arch"))),
          o("flags", slice(new Scalar(Kind.STRING, "specs.LinuxSeccompFlag"))),
          o("listenerPath", STRING),
          o("listenerMetadata", STRING),
          o("syscalls", slice(SYSCALL)));

  static final Struct INTEL_RDT =
      struct(
          "LinuxIntelRdt",
          o("closID", STRING),
          o("l3CacheSchema", STRING),
          o("memBwSchema", STRING),
          o("enableCMT", BOOL),
          o("enableMBM", BOOL));

  static final Struct PERSONALITY =
      struct(
          "LinuxPersonality",
          f("domain", new Scalar(Kind.STRING, "specs.LinuxPersonalityDomain")),
          o("flags", slice(new Scalar(Kind.STRING, "specs.LinuxPersonalityFlag"))));

  static final Struct LINUX =
      struct(
          "Linux",
          o("uidMappings", slice(ID_MAPPING)),
          o("gidMappings", slice(ID_MAPPING)),
          o("sysctl", new MapOf(STRING)),
          o("resources", ptr(RESOURCES)),
          o("cgroupsPath", STRING),
          o("namespaces", slice(NAMESPACE)),
          o("devices", slice(DEVICE)),
          o("seccomp", ptr(SECCOMP)),
          o("rootfsPropagation", STRING),
          o("maskedPaths", STRINGS),
          o("readonlyPaths", STRINGS),
          o("mountLabel", STRING),
          o("intelRdt", ptr(INTEL_RDT)),
          o("personality", ptr(PERSONALITY)));

  static final Struct SOLARIS_ANET =
      struct(
          "SolarisAnet",
          o("linkname", STRING),
          o("lowerLink", STRING),
          o("allowedAddress", STRING),
          o("configureAllowedAddress", STRING),
          o("defrouter", STRING),
          o("linkProtection", STRING),
          o("macAddress", STRING));

  static final Struct SOLARIS =
      struct(
          "Solaris",
          o("milestone", STRING),
          o("limitpriv", STRING),
          o("maxShmMemory", STRING),
          o("anet", slice(SOLARIS_ANET)),
          o("cappedCPU", ptr(struct("SolarisCappedCPU", o("ncpus", STRING)))),
          o(
              "cappedMemory",
              ptr(struct("SolarisCappedMemory", o("physical", STRING), o("swap", STRING)))));

  static final Struct WINDOWS =
      struct(
          "Windows",
          f("layerFolders", STRINGS),
          o("devices", slice(struct("WindowsDevice", f("id", STRING), f("idType", STRING)))),
          o(
              "resources",
              ptr(
                  struct(
                      "WindowsResources",
                      o("memory", ptr(struct("WindowsMemoryResources", o("limit", ptr(UINT64))))),
                      o(
                          "cpu",
                          ptr(
                              struct(
                                  "WindowsCPUResources",
                                  o("count", ptr(UINT64)),
                                  o("shares", ptr(UINT16)),
                                  o("maximum", ptr(UINT16))))),
                      o(
                          "storage",
                          ptr(
                              struct(
                                  "WindowsStorageResources",
                                  o("iops", ptr(UINT64)),
                                  o("bps", ptr(UINT64)),
                                  o("sandboxSize", ptr(UINT64)))))))),
          o("credentialSpec", new Interface()),
          o("servicing", BOOL),
          o("ignoreFlushesDuringBoot", BOOL),
          o("hyperv", ptr(struct("WindowsHyperV", o("utilityVMPath", STRING)))),
          o(
              "network",
              ptr(
                  struct(
                      "WindowsNetwork",
                      o("endpointList", STRINGS),
                      o("allowUnqualifiedDNSQuery", BOOL),
                      o("DNSSearchList", STRINGS),
                      o("networkSharedContainerName", STRING),
                      o("networkNamespace", STRING)))));

  static final Struct VM =
      struct(
          "VM",
          o("hypervisor", struct("VMHypervisor", f("path", STRING), o("parameters", STRINGS))),
          f(
              "kernel",
              struct("VMKernel", f("path", STRING), o("parameters", STRINGS), o("initrd", STRING))),
          o("image", struct("VMImage", f("path", STRING), f("format", STRING))));

  static final Struct ZOS =
      struct(
          "ZOS",
          o(
              "devices",
              slice(
                  struct(
                      "ZOSDevice",
                      f("path", STRING),
                      f("type", STRING),
                      f("major", INT64),
                      f("minor", INT64),
                      o("fileMode", ptr(FILE_MODE)),
                      o("uid", ptr(UINT32)),
                      o("gid", ptr(UINT32))))));

  /** {@code specs.Spec}. */
  public static final Struct SPEC =
      struct(
          "Spec",
          f("ociVersion", STRING),
          o("process", ptr(PROCESS)),
          o("root", ptr(ROOT)),
          o("hostname", STRING),
          o("domainname", STRING),
          o("mounts", slice(MOUNT)),
          o("hooks", ptr(HOOKS)),
          o("annotations", new MapOf(STRING)),
          o("linux", ptr(LINUX)),
          o("solaris", ptr(SOLARIS)),
          o("windows", ptr(WINDOWS)),
          o("vm", ptr(VM)),
          o("zos", ptr(ZOS)));

  /** {@code specs.Process}, the JSON of an exec's process spec. */
  public static final Struct PROCESS_SPEC = PROCESS;
}
