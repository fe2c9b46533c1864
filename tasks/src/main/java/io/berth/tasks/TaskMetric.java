package io.berth.tasks;

import com.google.protobuf.Any;
import java.time.Instant;

/** One task's cgroup counters (io.containerd.cgroups.v1 or v2 Metrics), as Tasks.Metrics returns them. */
public record TaskMetric(String id, Instant timestamp, Any data) {
}
