package io.berth.ctr.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.api.validation.Identifiers;
import io.berth.ctr.format.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the OCI runtime spec a ctr-style client sends in {@code Containers.Create}: containerd's
 * default Unix spec ({@code oci.WithDefaultSpec} plus {@code oci.WithDefaultUnixDevices}), then
 * the options in the order the caller applies them, each with the effect of its namesake in
 * containerd's {@code oci} package. {@link #json()} is byte for byte what Go's {@code
 * json.Marshal} makes of the same spec.
 *
 * <pre>{@code
 * byte[] spec = SpecBuilder.defaults("default", "web")
 *     .env(List.of("A=1")).rootfs("/srv/rootfs").args(List.of("sh")).json();
 * }</pre>
 */
public final class SpecBuilder {

  /** The runtime-spec version containerd 1.6 writes. */
  public static final String OCI_VERSION = "1.0.2-dev";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> DEFAULT_CAPABILITIES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FSETID",
          "CAP_FOWNER",
          "CAP_MKNOD",
          "CAP_NET_RAW",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETFCAP",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_SYS_CHROOT",
          "CAP_KILL",
          "CAP_AUDIT_WRITE");

  private static final List<String> MASKED_PATHS =
      List.of(
          "/proc/acpi",
          "/proc/asound",
          "/proc/kcore",
          "/proc/keys",
          "/proc/latency_stats",
          "/proc/timer_list",
          "/proc/timer_stats",
          "/proc/sched_debug",
          "/sys/firmware",
          "/proc/scsi");

  private static final List<String> READONLY_PATHS =
      List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

  private static final List<String> NAMESPACES = List.of("pid", "ipc", "uts", "mount", "network");

  private record DefaultMount(String destination, String type, String source, List<String> options) {}

  private static final List<DefaultMount> MOUNTS =
      List.of(
          new DefaultMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
          new DefaultMount(
              "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
          new DefaultMount(
              "/dev/pts",
              "devpts",
              "devpts",
              List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
          new DefaultMount(
              "/dev/shm",
              "tmpfs",
              "shm",
              List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
          new DefaultMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
          new DefaultMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
          new DefaultMount(
              "/run", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));

  /** Character devices every container may use: null, random, full, tty, zero, urandom, console, pts, ptmx. */
  private static final long[][] DEFAULT_DEVICES = {
    {1, 3}, {1, 8}, {1, 7}, {5, 0}, {1, 5}, {1, 9}, {5, 1}, {136, -1}, {5, 2}
  };

  private final ObjectNode spec;

  private SpecBuilder(ObjectNode spec) {
    this.spec = spec;
  }

  /**
   * containerd's default Unix spec for container {@code id} in {@code namespace}, with the default
   * device rules: root path {@code rootfs}, cwd {@code /}, root user, the default capabilities,
   * RLIMIT_NOFILE 1024, masked and read-only paths, cgroups path {@code /<namespace>/<id>}, new
   * pid, ipc, uts, mount and network namespaces and the default mounts. No args, no env.
   *
   * @throws io.berth.api.errors.InvalidArgumentException if the namespace is not an identifier
   */
  public static SpecBuilder defaults(String namespace, String id) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(id, "id");
    Identifiers.validate(namespace);
    ObjectNode s = NODES.objectNode();
    s.put("ociVersion", OCI_VERSION);
    s.putObject("root").put("path", "rootfs");
    ObjectNode process = s.putObject("process");
    process.put("cwd", "/");
    process.put("noNewPrivileges", true);
    process.putObject("user").put("uid", 0).put("gid", 0);
    ObjectNode caps = process.putObject("capabilities");
    caps.set("bounding", strings(DEFAULT_CAPABILITIES));
    caps.set("permitted", strings(DEFAULT_CAPABILITIES));
    caps.set("effective", strings(DEFAULT_CAPABILITIES));
    process.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE").put("hard", 1024).put("soft", 1024);
    ObjectNode linux = s.putObject("linux");
    linux.set("maskedPaths", strings(MASKED_PATHS));
    linux.set("readonlyPaths", strings(READONLY_PATHS));
    linux.put("cgroupsPath", GoPaths.join("/", namespace, id));
    ArrayNode devices = linux.putObject("resources").putArray("devices");
    devices.addObject().put("allow", false).put("access", "rwm");
    ArrayNode namespaces = linux.putArray("namespaces");
    NAMESPACES.forEach(n -> namespaces.addObject().put("type", n));
    ArrayNode mounts = s.putArray("mounts");
    for (DefaultMount m : MOUNTS) {
      ObjectNode mount = mounts.addObject();
      mount.put("destination", m.destination()).put("type", m.type()).put("source", m.source());
      mount.set("options", strings(m.options()));
    }
    for (long[] d : DEFAULT_DEVICES) {
      ObjectNode rule = devices.addObject().put("allow", true).put("type", "c").put("major", d[0]);
      if (d[1] >= 0) {
        rule.put("minor", d[1]);
      }
      rule.put("access", "rwm");
    }
    return new SpecBuilder(s);
  }

  /**
   * {@code oci.WithEnv}: each {@code K=V} replaces the variable {@code K} or is appended; a bare
   * {@code K} removes {@code K}. An empty list changes nothing.
   */
  public SpecBuilder env(List<String> overrides) {
    if (overrides.isEmpty()) {
      return this;
    }
    List<String> current = stringList(process().get("env"));
    process().set("env", strings(replaceOrAppend(current, overrides)));
    return this;
  }

  /** {@code oci.WithRootFSPath}: the root filesystem path, absolute for ctr's {@code --rootfs}. */
  public SpecBuilder rootfs(String path) {
    root().put("path", Objects.requireNonNull(path, "path"));
    return this;
  }

  /** {@code oci.WithRootFSReadonly}. */
  public SpecBuilder readonlyRootfs() {
    root().put("readonly", true);
    return this;
  }

  /** {@code oci.WithProcessArgs}: replaces the process arguments. */
  public SpecBuilder args(List<String> args) {
    process().set("args", strings(args));
    process().remove("commandLine");
    return this;
  }

  /** {@code oci.WithProcessCwd}. */
  public SpecBuilder cwd(String cwd) {
    process().put("cwd", Objects.requireNonNull(cwd, "cwd"));
    return this;
  }

  /** {@code oci.WithTTY}: a terminal, and {@code TERM=xterm} appended to the environment. */
  public SpecBuilder tty() {
    ObjectNode process = process();
    process.put("terminal", true);
    if (spec.has("linux")) {
      List<String> env = new ArrayList<>(stringList(process.get("env")));
      env.add("TERM=xterm");
      process.set("env", strings(env));
    }
    return this;
  }

  /** {@code oci.WithAnnotations}: adds or replaces annotations. */
  public SpecBuilder annotations(Map<String, String> annotations) {
    ObjectNode node = spec.has("annotations") ? (ObjectNode) spec.get("annotations") : spec.putObject("annotations");
    annotations.forEach(node::put);
    return this;
  }

  /** {@code oci.WithCPUShares}: {@code linux.resources.cpu.shares} (ctr's {@code run} sets 1024). */
  public SpecBuilder cpuShares(long shares) {
    resources().withObjectProperty("cpu").put("shares", shares);
    return this;
  }

  /** {@code oci.WithMemoryLimit}: {@code linux.resources.memory.limit} in bytes. */
  public SpecBuilder memoryLimit(long bytes) {
    if (spec.has("linux")) {
      resources().withObjectProperty("memory").put("limit", bytes);
    }
    return this;
  }

  /**
   * ctr's {@code --privileged}: {@code oci.WithPrivileged} (the given capabilities, which ctr takes
   * from its own effective set, as bounding, effective and permitted sets; no masked or read-only
   * paths; sysfs and cgroupfs mounted read-write; no SELinux label, AppArmor or seccomp profile),
   * {@code oci.WithAllDevicesAllowed} (one rule allowing every device) and {@code
   * oci.WithHostDevices} (the host's device nodes).
   */
  public SpecBuilder privileged(List<String> capabilities, List<HostDevices.Device> hostDevices) {
    ObjectNode caps = process().withObjectProperty("capabilities");
    caps.set("bounding", strings(capabilities));
    caps.set("effective", strings(capabilities));
    caps.set("permitted", strings(capabilities));
    ObjectNode linux = child("linux");
    linux.remove("maskedPaths");
    linux.remove("readonlyPaths");
    for (JsonNode m : spec.withArrayProperty("mounts")) {
      String type = m.path("type").asText();
      if ((type.equals("sysfs") || type.equals("cgroup")) && m.get("options") instanceof ArrayNode options) {
        for (int i = 0; i < options.size(); i++) {
          if (options.get(i).asText().equals("ro")) {
            options.set(i, "rw");
          }
        }
      }
    }
    linux.remove("mountLabel");
    process().remove("selinuxLabel");
    process().remove("apparmorProfile");
    linux.remove("seccomp");
    ArrayNode devices = resources().putArray("devices");
    devices.addObject().put("allow", true).put("access", "rwm");
    ArrayNode nodes = linux.withArrayProperty("devices");
    for (HostDevices.Device d : hostDevices) {
      nodes.addObject()
          .put("path", d.path())
          .put("type", d.type())
          .put("major", d.major())
          .put("minor", d.minor())
          .put("fileMode", d.mode())
          .put("uid", Integer.toUnsignedLong(d.uid()))
          .put("gid", Integer.toUnsignedLong(d.gid()));
    }
    return this;
  }

  /** The bounding capabilities the spec has now (what the seccomp profile depends on). */
  public List<String> boundingCapabilities() {
    return stringList(process().path("capabilities").get("bounding"));
  }

  /** {@code seccomp.WithDefaultProfile} (or any profile): {@code linux.seccomp}. */
  public SpecBuilder seccomp(ObjectNode profile) {
    child("linux").set("seccomp", profile.deepCopy());
    return this;
  }

  /**
   * The user the process runs as, as containerd's user options leave it: uid and gid, and the
   * additional groups, which always include the gid.
   */
  public SpecBuilder user(long uid, long gid, List<Long> additionalGids) {
    ObjectNode user = process().withObjectProperty("user");
    user.put("uid", uid).put("gid", gid);
    ArrayNode extra = user.putArray("additionalGids");
    if (!additionalGids.contains(gid)) {
      extra.add(gid);
    }
    additionalGids.forEach(extra::add);
    return this;
  }

  private ObjectNode resources() {
    return child("linux").withObjectProperty("resources");
  }

  /** The spec as Go would write it: fields in Go's order, empty optional fields left out. */
  public JsonNode tree() {
    return GoRoundTrip.apply(spec, OciSchema.SPEC);
  }

  /** The spec's compact JSON, as the value of the {@code Container.spec} Any. */
  public byte[] json() {
    return GoJson.compact(tree()).getBytes(StandardCharsets.UTF_8);
  }

  private ObjectNode process() {
    return child("process");
  }

  private ObjectNode root() {
    return child("root");
  }

  private ObjectNode child(String name) {
    JsonNode n = spec.get(name);
    return n instanceof ObjectNode o ? o : spec.putObject(name);
  }

  /** containerd's {@code replaceOrAppendEnvValues}. */
  static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
    List<String> results = new ArrayList<>(defaults);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < defaults.size(); i++) {
      index.put(key(defaults.get(i)), i);
    }
    for (String value : overrides) {
      if (!value.contains("=")) {
        Integer i = index.get(value);
        if (i != null) {
          results.set(i, ""); // removed below
        }
        continue;
      }
      Integer i = index.get(key(value));
      if (i != null) {
        results.set(i, value);
      } else {
        results.add(value);
      }
    }
    results.removeIf(String::isEmpty);
    return results;
  }

  private static String key(String env) {
    int eq = env.indexOf('=');
    return eq < 0 ? env : env.substring(0, eq);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static List<String> stringList(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
