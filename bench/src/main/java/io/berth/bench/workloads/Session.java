package io.berth.bench.workloads;

import io.berth.bench.run.Clients;
import io.berth.bench.run.Scale;
import io.berth.bench.targets.ContainerOps;
import io.berth.bench.targets.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * What the workloads of one benchmark run share: the scale, fresh names, and populated
 * namespaces that read-only workloads reuse (built once per target and size, untimed).
 */
public final class Session {

  /** The label every benchmark container carries, with 100 distinct values. */
  public static final String GROUP_LABEL = "bench.group";

  /** The number of distinct {@link #GROUP_LABEL} values: a group filter matches 1%. */
  public static final int GROUPS = 100;

  private final Scale scale;
  private final AtomicLong names = new AtomicLong();
  private final Map<String, String> populated = new ConcurrentHashMap<>();

  public Session(Scale scale) {
    this.scale = scale;
  }

  public Scale scale() {
    return scale;
  }

  /** A namespace name not used before in this session. */
  public String freshNamespace(String prefix) {
    return "bench-" + prefix + "-" + names.incrementAndGet();
  }

  /** The labels of the {@code i}th container of a benchmark namespace. */
  public static Map<String, String> labels(int i) {
    return Map.of(GROUP_LABEL, "g" + (i % GROUPS), "bench.index", Integer.toString(i));
  }

  /** The id of the {@code i}th container of a benchmark namespace. */
  public static String id(int i) {
    String digits = Integer.toString(i);
    // "c-%06d" without the formatter, which cost the client ~1 us per call
    return digits.length() >= 6 ? "c-" + digits : "c-" + "000000".substring(digits.length()) + digits;
  }

  /**
   * A namespace of {@code target} holding containers {@code id(0)..id(size-1)}; created with
   * every client of the target on first use, then reused. Workloads must not delete from it.
   */
  public String populated(Target target, int size) {
    String key = target.name() + "/" + size;
    String ns = populated.get(key);
    if (ns != null) {
      return ns;
    }
    String name = freshNamespace("n" + size);
    createAll(target, name, IntStream.range(0, size).boxed().toList());
    populated.put(key, name);
    return name;
  }

  /** Creates containers {@code id(i)} for every i, untimed, with every client of the target. */
  public void createAll(Target target, String namespace, List<Integer> indexes) {
    int callers = target.maxClients();
    Clients.forEach(callers, target.callerThreads(callers), indexes,
        (c, i) -> target.containers(c).create(namespace, id(i), labels(i)));
  }

  /** Deletes the containers and then the namespace, untimed, with every client of the target. */
  public void deleteAll(Target target, String namespace, List<String> ids) {
    int callers = target.maxClients();
    Clients.forEach(callers, target.callerThreads(callers), ids,
        (c, id) -> target.containers(c).delete(namespace, id));
    ContainerOps ops = target.containers(0);
    ops.deleteNamespace(namespace);
  }
}
