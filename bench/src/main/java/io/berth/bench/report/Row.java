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
  private final boolean lowerIsBetter;
  private final Map<String, Measurements> byTarget = new LinkedHashMap<>();

  /** A row of a workload where higher values are better (throughputs). */
  public Row(String label, String workload, Map<String, Object> parameters, String unit,
      OptionalDouble targetRatio) {
    this(label, workload, parameters, unit, targetRatio, false);
  }

  /**
   * @param targetRatio the Berth / containerd ratio aimed for: a minimum when higher values are
   *     better, a maximum when lower values (durations, memory) are better
   */
  public Row(String label, String workload, Map<String, Object> parameters, String unit,
      OptionalDouble targetRatio, boolean lowerIsBetter) {
    this.lowerIsBetter = lowerIsBetter;
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

  /** Whether smaller values are better (durations, memory), so the target is a maximum. */
  public boolean lowerIsBetter() {
    return lowerIsBetter;
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

  /** Berth's median over containerd's, when both were measured. */
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
    double t = targetRatio.getAsDouble();
    return java.util.Optional.of(lowerIsBetter ? r.getAsDouble() <= t : r.getAsDouble() >= t);
  }
}
