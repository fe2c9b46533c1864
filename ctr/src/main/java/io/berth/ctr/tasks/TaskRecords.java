package io.berth.ctr.tasks;

import io.berth.api.types.task.Process;
import io.berth.api.types.task.ProcessInfo;
import io.berth.ctr.format.GoTime;
import java.util.List;

/** The records {@code --format json} prints for tasks. */
final class TaskRecords {

  private TaskRecords() {}

  /** A task or exec process as {@code Tasks.Get} and {@code Tasks.List} report it. */
  record TaskRecord(
      String id, long pid, String status, String stdin, String stdout, String stderr, boolean terminal,
      long exitStatus, String exitedAt) {
    static TaskRecord of(Process p) {
      return new TaskRecord(
          p.getId(),
          Integer.toUnsignedLong(p.getPid()),
          TaskText.status(p),
          p.getStdin(),
          p.getStdout(),
          p.getStderr(),
          p.getTerminal(),
          Integer.toUnsignedLong(p.getExitStatus()),
          GoTime.rfc3339Nano(GoTime.instant(p.hasExitedAt() ? p.getExitedAt() : null)));
    }
  }

  /** One process of {@code tasks ps}: its pid and, for an exec process, its exec id. */
  record ProcessRecord(long pid, String execId) {
    static List<ProcessRecord> of(List<ProcessInfo> processes) {
      return processes.stream()
          .map(p -> new ProcessRecord(Integer.toUnsignedLong(p.getPid()), p.hasInfo() ? TaskText.execId(p.getInfo()) : ""))
          .toList();
    }
  }

  /** What {@code tasks delete} removed: the task (or exec process) and its exit status. */
  record DeletedRecord(String id, long exitStatus) {}
}
