package io.berth.shim.cgroups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The limits Berth applies to a cgroup: the part of the OCI spec's {@code linux.resources} that
 * maps onto both cgroup versions. A null value means "leave as it is"; -1 means "unlimited".
 *
 * <p>Device rules are applied on v1 through devices.allow/devices.deny. On cgroup v2 device
 * access is controlled by an eBPF program attached to the cgroup; see {@link Cgroup}.
 *
 * @param memory memory limits, never null ({@link MemoryLimits#NONE} when unset)
 * @param cpu cpu limits, never null ({@link CpuLimits#NONE} when unset)
 * @param pidsLimit the most tasks in the cgroup, -1 for unlimited, null to leave it
 * @param devices device rules in order: later rules override earlier ones
 */
public record Resources(
    MemoryLimits memory, CpuLimits cpu, Long pidsLimit, List<DeviceRule> devices) {

  /** No limits at all. */
  public static final Resources NONE = new Resources(null, null, null, List.of());

  private static final ObjectMapper JSON = new ObjectMapper();

  public Resources {
    memory = memory == null ? MemoryLimits.NONE : memory;
    cpu = cpu == null ? CpuLimits.NONE : cpu;
    checkLimit("pids.limit", pidsLimit);
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  /** True if nothing would be written. */
  public boolean isEmpty() {
    return memory.isEmpty() && cpu.isEmpty() && pidsLimit == null && devices.isEmpty();
  }

  /**
   * Memory limits, in bytes.
   *
   * @param limit memory.limit_in_bytes (v1) / memory.max (v2)
   * @param reservation memory.soft_limit_in_bytes (v1) / memory.low (v2)
   * @param swap memory plus swap, as in OCI: memory.memsw.limit_in_bytes (v1); v2's
   *     memory.swap.max gets {@code swap - limit}
   */
  public record MemoryLimits(Long limit, Long reservation, Long swap) {
    public static final MemoryLimits NONE = new MemoryLimits(null, null, null);

    public MemoryLimits {
      checkLimit("memory.limit", limit);
      checkLimit("memory.reservation", reservation);
      checkLimit("memory.swap", swap);
      if (limit != null && swap != null && limit > 0 && swap > 0 && swap < limit) {
        throw new InvalidArgumentException(
            "linux.resources.memory.swap (" + swap + ") must be at least memory.limit (" + limit
                + ")");
      }
    }

    public boolean isEmpty() {
      return limit == null && reservation == null && swap == null;
    }
  }

  /**
   * CPU limits.
   *
   * @param shares relative weight, cpu.shares (v1); v2's cpu.weight is converted as runc does
   * @param quota microseconds per period, -1 for unlimited
   * @param period microseconds
   * @param cpus the cpuset, e.g. "0-2,4"
   * @param mems the memory nodes, e.g. "0"
   */
  public record CpuLimits(Long shares, Long quota, Long period, String cpus, String mems) {
    public static final CpuLimits NONE = new CpuLimits(null, null, null, null, null);

    public CpuLimits {
      if (shares != null && shares <= 0) {
        throw new InvalidArgumentException(
            "linux.resources.cpu.shares must be positive, got " + shares);
      }
      checkLimit("cpu.quota", quota);
      if (period != null && period <= 0) {
        throw new InvalidArgumentException(
            "linux.resources.cpu.period must be positive, got " + period);
      }
      checkList("cpu.cpus", cpus);
      checkList("cpu.mems", mems);
    }

    public boolean isEmpty() {
      return shares == null && quota == null && period == null && cpus == null && mems == null;
    }
  }

  /**
   * One device cgroup rule.
   *
   * @param allow true to allow, false to deny
   * @param type 'a' (all), 'c' (char) or 'b' (block)
   * @param major major number, null for any
   * @param minor minor number, null for any
   * @param access a non-empty combination of 'r', 'w' and 'm'
   */
  public record DeviceRule(boolean allow, char type, Long major, Long minor, String access) {
    public DeviceRule {
      if (type != 'a' && type != 'c' && type != 'b') {
        throw new InvalidArgumentException(
            "linux.resources.devices type must be \"a\", \"c\" or \"b\", got \"" + type + "\"");
      }
      if (major != null && major < 0 || minor != null && minor < 0) {
        throw new InvalidArgumentException("linux.resources.devices major and minor must be >= 0");
      }
      Objects.requireNonNull(access, "access");
      if (access.isEmpty() || !access.matches("[rwm]{1,3}") || access.chars().distinct().count()
          != access.length()) {
        throw new InvalidArgumentException(
            "linux.resources.devices access must combine \"r\", \"w\" and \"m\", got \""
                + access + "\"");
      }
    }

    /** The rule as the v1 devices files take it: {@code c 1:3 rwm}, {@code a *:* rwm}. */
    public String v1Text() {
      return type + " " + (major == null ? "*" : major) + ":" + (minor == null ? "*" : minor)
          + " " + access;
    }
  }

  /** Reads the OCI {@code linux.resources} object given as a Map (e.g. from a parsed spec). */
  public static Resources fromOci(Map<String, ?> resources) {
    JsonNode tree = resources == null ? null : JSON.valueToTree(resources);
    return fromOci(tree);
  }

  /**
   * Reads the OCI {@code linux.resources} object: memory{limit, reservation, swap}, cpu{shares,
   * quota, period, cpus, mems}, pids{limit} and devices[{allow, type, major, minor, access}].
   * Like runc, a 0 limit, 0 quota/period/shares and an empty cpuset mean "not set". Other fields
   * are ignored.
   *
   * @throws InvalidArgumentException naming the field if a value has the wrong type or range
   */
  public static Resources fromOci(JsonNode resources) {
    if (resources == null || resources.isNull() || resources.isMissingNode()) {
      return NONE;
    }
    requireObject(resources, "linux.resources");
    JsonNode mem = resources.path("memory");
    MemoryLimits memory = MemoryLimits.NONE;
    if (!mem.isMissingNode() && !mem.isNull()) {
      requireObject(mem, "linux.resources.memory");
      memory =
          new MemoryLimits(
              nonZero(mem, "limit", "memory"),
              nonZero(mem, "reservation", "memory"),
              nonZero(mem, "swap", "memory"));
    }
    JsonNode c = resources.path("cpu");
    CpuLimits cpu = CpuLimits.NONE;
    if (!c.isMissingNode() && !c.isNull()) {
      requireObject(c, "linux.resources.cpu");
      cpu =
          new CpuLimits(
              nonZero(c, "shares", "cpu"),
              nonZero(c, "quota", "cpu"),
              nonZero(c, "period", "cpu"),
              nonEmpty(c, "cpus", "cpu"),
              nonEmpty(c, "mems", "cpu"));
    }
    Long pids = null;
    JsonNode p = resources.path("pids");
    if (!p.isMissingNode() && !p.isNull()) {
      requireObject(p, "linux.resources.pids");
      pids = nonZero(p, "limit", "pids");
      if (pids != null && pids < 0) {
        pids = -1L;
      }
    }
    List<DeviceRule> devices = new ArrayList<>();
    JsonNode d = resources.path("devices");
    if (!d.isMissingNode() && !d.isNull()) {
      if (!d.isArray()) {
        throw new InvalidArgumentException("linux.resources.devices must be an array");
      }
      for (JsonNode rule : d) {
        requireObject(rule, "linux.resources.devices[]");
        JsonNode allow = rule.path("allow");
        if (!allow.isBoolean()) {
          throw new InvalidArgumentException("linux.resources.devices[].allow must be a boolean");
        }
        String type = text(rule, "type", "devices[]");
        if (type != null && type.length() != 1) {
          throw new InvalidArgumentException(
              "linux.resources.devices[].type must be \"a\", \"c\" or \"b\", got \"" + type + "\"");
        }
        String access = text(rule, "access", "devices[]");
        devices.add(
            new DeviceRule(
                allow.asBoolean(),
                type == null || type.isEmpty() ? 'a' : type.charAt(0),
                integer(rule, "major", "devices[]"),
                integer(rule, "minor", "devices[]"),
                access == null || access.isEmpty() ? "rwm" : access));
      }
    }
    return new Resources(memory, cpu, pids, devices);
  }

  private static void checkLimit(String field, Long value) {
    if (value != null && value < -1) {
      throw new InvalidArgumentException(
          "linux.resources." + field + " must be -1 (unlimited) or positive, got " + value);
    }
    if (value != null && value == 0) {
      throw new InvalidArgumentException(
          "linux.resources." + field + " must be -1 (unlimited) or positive, got 0");
    }
  }

  private static void checkList(String field, String value) {
    if (value != null && !value.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
      throw new InvalidArgumentException(
          "linux.resources." + field + " must be a list like \"0-2,4\", got \"" + value + "\"");
    }
  }

  private static void requireObject(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new InvalidArgumentException(field + " must be an object");
    }
  }

  private static Long nonZero(JsonNode parent, String name, String section) {
    Long v = integer(parent, name, section);
    return v == null || v == 0 ? null : v;
  }

  private static Long integer(JsonNode parent, String name, String section) {
    JsonNode n = parent.path(name);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new InvalidArgumentException(
          "linux.resources." + section + "." + name + " must be a 64-bit integer, got " + n);
    }
    return n.asLong();
  }

  private static String text(JsonNode parent, String name, String section) {
    JsonNode n = parent.path(name);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidArgumentException(
          "linux.resources." + section + "." + name + " must be a string, got " + n);
    }
    return n.asText();
  }

  private static String nonEmpty(JsonNode parent, String name, String section) {
    String s = text(parent, name, section);
    return s == null || s.isEmpty() ? null : s;
  }
}
