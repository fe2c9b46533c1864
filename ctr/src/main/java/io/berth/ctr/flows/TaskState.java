package io.berth.ctr.flows;

import io.berth.api.types.task.Process;
import io.berth.api.types.task.Status;
import io.berth.ctr.format.GoTime;
import java.time.Instant;
import java.util.Locale;

/**
 * containerd's client-side {@code Status} of a task: the lower-case status name, exit status and
 * exit time. {@link #toString()} is Go's {@code %v} of it, as ctr puts it in messages.
 */
public record TaskState(String status, long exitStatus, Instant exitTime) {

  public static TaskState of(Process p) {
    String name = p.getStatus() == Status.UNRECOGNIZED ? "" : p.getStatus().name().toLowerCase(Locale.ROOT);
    return new TaskState(
        name,
        Integer.toUnsignedLong(p.getExitStatus()),
        GoTime.instant(p.hasExitedAt() ? p.getExitedAt() : null));
  }

  /** The zero status, what the Go client has after a failed Get. */
  public static TaskState none() {
    return new TaskState("", 0, GoTime.ZERO);
  }

  @Override
  public String toString() {
    return "{" + status + " " + exitStatus + " " + GoTime.string(exitTime) + "}";
  }
}
