package io.berth.daemon.tasks;

import io.berth.api.anys.Anys;
import io.berth.api.runc.v1.ProcessDetails;
import io.berth.api.services.tasks.v1.DeleteResponse;
import io.berth.api.types.Metric;
import io.berth.api.types.task.Process;
import io.berth.api.types.task.ProcessInfo;
import io.berth.daemon.wire.Timestamps;
import io.berth.mount.Mount;
import io.berth.tasks.ExitResult;
import io.berth.tasks.PidInfo;
import io.berth.tasks.ProcessStatus;
import io.berth.tasks.TaskMetric;
import java.util.List;

/** Between the Tasks v1 protos and the task manager's records. */
final class TaskMapper {
    private TaskMapper() {
    }

    static List<Mount> mounts(List<io.berth.api.types.Mount> mounts) {
        return mounts.stream().map(m -> new Mount(m.getType(), m.getSource(), m.getTarget(), m.getOptionsList()))
                .toList();
    }

    /** A process as Get and List return it: container_id is left empty, as containerd leaves it. */
    static Process process(ProcessStatus s) {
        Process.Builder b = Process.newBuilder()
                .setId(s.id())
                .setPid((int) s.pid())
                .setStatus(s.status())
                .setStdin(s.io().stdin())
                .setStdout(s.io().stdout())
                .setStderr(s.io().stderr())
                .setTerminal(s.io().terminal())
                .setExitStatus(s.exitStatus());
        s.exitedAt().ifPresent(t -> b.setExitedAt(Timestamps.toProto(t)));
        return b.build();
    }

    static DeleteResponse deleted(String id, ExitResult e) {
        DeleteResponse.Builder b = DeleteResponse.newBuilder().setId(id).setPid((int) e.pid())
                .setExitStatus(e.exitStatus());
        e.exitedAt().ifPresent(t -> b.setExitedAt(Timestamps.toProto(t)));
        return b.build();
    }

    /** ProcessInfo.info is containerd.runc.v1.ProcessDetails for exec'd processes, unset for the others. */
    static ProcessInfo processInfo(PidInfo p) {
        ProcessInfo.Builder b = ProcessInfo.newBuilder().setPid((int) p.pid());
        if (!p.execId().isEmpty()) {
            b.setInfo(Anys.pack(ProcessDetails.newBuilder().setExecId(p.execId()).build()));
        }
        return b.build();
    }

    static Metric metric(TaskMetric m) {
        return Metric.newBuilder().setId(m.id()).setTimestamp(Timestamps.toProto(m.timestamp())).setData(m.data())
                .build();
    }
}
