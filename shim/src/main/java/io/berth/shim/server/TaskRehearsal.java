package io.berth.shim.server;

import com.google.protobuf.Any;
import io.berth.api.anys.Anys;
import io.berth.api.events.TaskCreate;
import io.berth.api.events.TaskDelete;
import io.berth.api.events.TaskExecAdded;
import io.berth.api.events.TaskExecStarted;
import io.berth.api.events.TaskExit;
import io.berth.api.events.TaskIO;
import io.berth.api.events.TaskStart;
import io.berth.api.runc.v1.Options;
import io.berth.api.task.v2.CreateTaskRequest;
import io.berth.api.task.v2.ExecProcessRequest;
import io.berth.shim.runtime.Rehearsal;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Spec;
import io.berth.shim.spec.Specs;
import io.berth.shim.sys.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A rehearsal of a task's life in the shim, for a pooled shim waiting for its task (and for the
 * shim's AOT training run): the code of Create, Exec, Start, metrics and Delete, from the request
 * messages to the events, runs once on a scratch bundle with a spec shaped like ctr's default one
 * and FIFOs for stdio, and the container part on a scratch cgroup ({@link Rehearsal}). No process
 * is started and nothing is published; the scratch directory and the cgroup are removed.
 */
public final class TaskRehearsal {
    private static final String SPEC = "rehearsal-spec.json";
    private static final String EXEC = """
            {"args":["/bin/true"],"env":["PATH=/bin"],"cwd":"/","user":{"uid":0,"gid":0},"terminal":false}
            """;

    private TaskRehearsal() {
    }

    /**
     * Rehearses in a new directory under {@code scratchParent}, with the scratch cgroup
     * {@code cgroupsPath} (which must not exist); removes both before it returns.
     */
    public static void run(Path scratchParent, String cgroupsPath) throws IOException, SyscallException {
        Files.createDirectories(scratchParent);
        Path bundle = Files.createTempDirectory(scratchParent, "rehearsal");
        try {
            rehearse(bundle, cgroupsPath);
        } finally {
            deleteTree(bundle);
        }
    }

    private static void rehearse(Path bundle, String cgroupsPath) throws IOException, SyscallException {
        try (InputStream in = TaskRehearsal.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IOException("the rehearsal spec " + SPEC + " is missing");
            }
            Files.write(bundle.resolve("config.json"), in.readAllBytes());
        }
        Files.createDirectories(bundle.resolve("rootfs"));
        for (String f : new String[] {"stdin", "stdout", "stderr"}) {
            Rehearsal.fifo(bundle.resolve(f));
        }
        String id = "rehearsal";
        CreateTaskRequest request = CreateTaskRequest.parseFrom(CreateTaskRequest.newBuilder().setId(id)
                .setBundle(bundle.toString()).setStdin(bundle.resolve("stdin").toString())
                .setStdout(bundle.resolve("stdout").toString()).setStderr(bundle.resolve("stderr").toString())
                .setOptions(Anys.pack(Options.getDefaultInstance())).build().toByteArray());
        TaskProcess.IoPaths io = new TaskProcess.IoPaths(request.getStdin(), request.getStdout(), request.getStderr(),
                request.getTerminal());

        Spec spec = Specs.read(bundle.resolve("config.json"));
        ShimTask.createOptions(request.getOptions());
        TaskProcess init = new TaskProcess(id, true, io, null);
        init.holdStdin();
        init.releaseStdin();
        ExecProcessRequest exec = ExecProcessRequest.parseFrom(ExecProcessRequest.newBuilder().setId(id)
                .setExecId("e").setSpec(Any.newBuilder().setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Process")
                        .setValue(com.google.protobuf.ByteString.copyFromUtf8(EXEC))).build().toByteArray());
        ProcessSpec process = SpecJson.process(exec.getSpec().getValue().toByteArray());
        Rehearsal.container(bundle, spec, io.stdio(), process, cgroupsPath);

        Instant now = Instant.now();
        new ExitRecord(1, 0, now).write(bundle);
        ExitRecord.read(bundle);
        for (com.google.protobuf.Message event : new com.google.protobuf.Message[] {
            TaskCreate.newBuilder().setContainerId(id).setBundle(bundle.toString()).setIo(TaskIO.newBuilder()
                    .setStdin(io.stdin()).setStdout(io.stdout()).setStderr(io.stderr())).setPid(1).build(),
            TaskStart.newBuilder().setContainerId(id).setPid(1).build(),
            TaskExecAdded.newBuilder().setContainerId(id).setExecId("e").build(),
            TaskExecStarted.newBuilder().setContainerId(id).setExecId("e").setPid(2).build(),
            TaskExit.newBuilder().setContainerId(id).setId(id).setPid(1).setExitedAt(ProtoTime.of(now)).build(),
            TaskDelete.newBuilder().setContainerId(id).setPid(1).setExitedAt(ProtoTime.of(now)).build()}) {
            Anys.pack(event).toByteArray();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
