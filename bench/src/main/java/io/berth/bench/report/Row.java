package io.berth.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** One workload's results on every target, in target order. */
public final class Row {

  public static final String BERTH = "berth";
  public static final String CONTAINERD = "containerd";

  private final String label;
  private final String workload;
  private final Map<String, Object> parameters;
  private final String unit;
  private final OptionalDouble targetRatio;
  private final Map<String, Measurements> byTarget = new LinkedHashMap<>();

  public Row(String label, String workload, Map<String, Object> parameters, String unit,
      OptionalDouble targetRatio) {
    this.label = label;
    this.workload = workload;
    this.parameters = Map.copyOf(parameters);
    this.unit = unit;
    this.targetRatio = targetRatio;
  }

  public String label() {
    return label;
  }

  public String workload() {
    return workload;
  }

  public Map<String, Object> parameters() {
    return parameters;
  }

  public String unit() {
    return unit;
  }

  public OptionalDouble targetRatio() {
    return targetRatio;
  }

  /** The measurements on {@code target}, created empty on first use. */
  public Measurements on(String target) {
    return byTarget.computeIfAbsent(target, t -> new Measurements());
  }

  public Map<String, Measurements> byTarget() {
    return Map.copyOf(byTarget);
  }

  public boolean has(String target) {
    return byTarget.containsKey(target);
  }

  /** Berth's median throughput over containerd's, when both were measured. */
  public OptionalDouble ratio() {
    Measurements b = byTarget.get(BERTH);
    Measurements c = byTarget.get(CONTAINERD);
    if (b == null || c == null || !b.ok() || !c.ok() || c.median() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(b.median() / c.median());
  }

  /** Whether the ratio meets the target; empty when there is no target or no ratio. */
  public java.util.Optional<Boolean> meetsTarget() {
    OptionalDouble r = ratio();
    if (targetRatio.isEmpty() || r.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(r.getAsDouble() >= targetRatio.getAsDouble());
  }
}
