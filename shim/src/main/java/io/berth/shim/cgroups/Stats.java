package io.berth.shim.cgroups;

/**
 * A cgroup's counters, shaped like containerd's cgroups Metrics messages: {@link V1Stats} for
 * io.containerd.cgroups.v1.Metrics, {@link V2Stats} for io.containerd.cgroups.v2.Metrics.
 */
public sealed interface Stats permits V1Stats, V2Stats {

  /**
   * The containerd Metrics message: io.containerd.cgroups.v1.Metrics or .v2.Metrics, ready to be
   * packed (with {@code io.berth.api.anys.Anys.pack}) as Metric.data.
   */
  com.google.protobuf.Message toProto();
}
