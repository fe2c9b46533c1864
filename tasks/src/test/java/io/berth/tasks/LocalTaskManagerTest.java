package io.berth.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.anys.Anys;
import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import io.berth.api.events.TaskDelete;
import io.berth.api.events.TaskExit;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.types.task.Status;
import io.berth.mount.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("root")
class LocalTaskManagerTest {

    @Test
    void runsATaskOnARootfsMountAndCleansUp() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            f.container("ns1", "c1", "io.containerd.runc.v2", "/bin/sh", "-c", "echo out-$(hostname); exit 7");
            // the container's spec names root.path rootfs relative to the bundle, as with snapshots
            rewriteRoot(f, "ns1", "c1");
            LocalTaskManager m = f.open();
            Path out = f.dir.resolve("out");
            Files.createFile(out);
            long pid = m.create("ns1", new NewTask("c1",
                    List.of(new Mount("bind", f.rootfs.toString(), List.of("rbind"))),
                    new TaskIo("", out.toString(), "", false), null));
            Path bundle = f.state.resolve("tasks/ns1/c1");
            assertThat(bundle.resolve("rootfs/bin/busybox")).exists();
            assertThat(m.get("ns1", "c1", "").status()).isEqualTo(Status.CREATED);
            assertThat(m.list("ns1")).extracting(ProcessStatus::id).containsExactly("c1");
            assertThatThrownBy(() -> m.create("ns1", new NewTask("c1", List.of(), null, null)))
                    .isInstanceOf(AlreadyExistsException.class).hasMessage("task c1: already exists");

            CompletableFuture<ExitResult> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return m.await("ns1", "c1", "");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(m.start("ns1", "c1", "")).isEqualTo(pid);
            assertThat(waited.get().exitStatus()).isEqualTo(7);
            assertThat(Files.readString(out)).isEqualTo("out-c1\n");
            ExitResult deleted = m.delete("ns1", "c1");
            assertThat(deleted.exitStatus()).isEqualTo(7);
            assertThat(deleted.pid()).isEqualTo(pid);
            assertThat(bundle).doesNotExist();
            assertThatThrownBy(() -> m.get("ns1", "c1", "")).isInstanceOf(NotFoundException.class)
                    .hasMessage("task c1 not found: not found");
            assertThat(topics(f, 4)).containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
        }
    }

    @Test
    void refusesBadRequestsWithContainerdErrors() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            LocalTaskManager m = f.open();
            assertThatThrownBy(() -> m.create("ns1", new NewTask("nope", List.of(), null, null)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("container \"nope\" in namespace \"ns1\": not found");
            f.container("ns1", "odd", "io.containerd.kata.v2", "/bin/true");
            assertThatThrownBy(() -> m.create("ns1", new NewTask("odd", List.of(), null, null)))
                    .isInstanceOf(UnknownException.class)
                    .hasMessage("failed to start shim: failed to resolve runtime path: runtime "
                            + "\"io.containerd.kata.v2\" binary not installed \"containerd-shim-kata-v2\": "
                            + "file does not exist");
            f.container("ns1", "idle", "io.containerd.runc.v2", "/bin/true");
            assertThatThrownBy(() -> m.start("ns1", "idle", ""))
                    .isInstanceOf(NotFoundException.class).hasMessage("task idle not found: not found");
            assertThatThrownBy(() -> m.exec("ns1", "idle", "", TaskIo.NONE, null))
                    .isInstanceOf(InvalidArgumentException.class).hasMessage("exec id cannot be empty: invalid argument");
            f.container("ns1", "missing", "io.containerd.runc.v2", "/no/such/binary");
            assertThatThrownBy(() -> {
                m.create("ns1", new NewTask("missing", List.of(), null, null));
                m.start("ns1", "missing", "");
            }).isInstanceOf(UnknownException.class);
            assertThat(f.state.resolve("tasks/ns1/idle")).doesNotExist();
        }
    }

    @Test
    void aKilledShimReportsItsTaskStoppedAndRecoveryReconnects() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            f.container("ns1", "a", "io.containerd.runc.v2", "/bin/sleep", "1000");
            f.container("ns1", "b", "io.containerd.runc.v2", "/bin/sleep", "1000");
            f.container("ns1", "c", "io.containerd.runc.v2", "/bin/sleep", "1000");
            LocalTaskManager first = f.open();
            for (String id : List.of("a", "b", "c")) {
                first.create("ns1", new NewTask(id, List.of(), null, null));
                first.start("ns1", id, "");
            }
            topics(f, 6);

            // a shim killed while berthd runs: its task is reported stopped (255) and deleted
            long shimA = shimPid(f, "a");
            long initA = first.get("ns1", "a", "").pid();
            ProcessHandle.of(shimA).orElseThrow().destroyForcibly();
            List<Envelope> lost = List.of(f.nextEvent(), f.nextEvent());
            assertThat(lost).extracting(Envelope::getTopic).containsExactly("/tasks/exit", "/tasks/delete");
            TaskExit exit = Anys.unpack(lost.get(0).getEvent(), TaskExit.class);
            assertThat(exit.getExitStatus()).isEqualTo(255);
            assertThat(exit.getId()).isEqualTo("a");
            assertThat(Integer.toUnsignedLong(exit.getPid())).isEqualTo(initA);
            assertThat(Anys.unpack(lost.get(1).getEvent(), TaskDelete.class).getExitStatus()).isEqualTo(255);
            assertThatThrownBy(() -> first.get("ns1", "a", "")).isInstanceOf(NotFoundException.class);
            assertThat(ProcessRef.of(initA)).isEmpty();
            assertThat(f.state.resolve("tasks/ns1/a")).doesNotExist();

            // berthd goes away; one shim dies meanwhile; the next berthd reconnects to the rest
            first.close();
            long initC = Long.parseLong(Files.readString(f.state.resolve("tasks/ns1/c/init.pid")).split(" ")[0]);
            long shimC = shimPid(f, "c");
            ProcessHandle.of(shimC).orElseThrow().destroyForcibly();
            awaitGone(shimC);
            LocalTaskManager second = f.open();
            List<Envelope> recovered = List.of(f.nextEvent(), f.nextEvent());
            assertThat(recovered).extracting(Envelope::getTopic).containsExactly("/tasks/exit", "/tasks/delete");
            assertThat(Anys.unpack(recovered.get(0).getEvent(), TaskExit.class).getId()).isEqualTo("c");
            assertThat(ProcessRef.of(initC)).isEmpty();
            assertThat(second.list("ns1")).extracting(ProcessStatus::id, ProcessStatus::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b", Status.RUNNING));
            second.kill("ns1", "b", "", 9, false);
            assertThat(second.await("ns1", "b", "").exitStatus()).isEqualTo(137);
            second.delete("ns1", "b");
            assertThat(topics(f, 2)).containsExactly("/tasks/exit", "/tasks/delete");
        }
    }

    /** The shim serving {@code id}, as it recorded itself in the bundle. */
    private static long shimPid(TasksFixture f, String id) throws Exception {
        return Long.parseLong(Files.readString(f.state.resolve("tasks/ns1/" + id + "/shim.pid")).strip());
    }

    private static void awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 500 && ProcessRef.of(pid).isPresent(); i++) {
            Thread.sleep(20);
        }
    }

    private static List<String> topics(TasksFixture f, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.nextEvent().getTopic());
        }
        return out;
    }

    private static void rewriteRoot(TasksFixture f, String ns, String id) {
        var c = f.containers.get(ns, id);
        String json = new String(c.spec().value(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"path\":\"" + f.rootfs + "\"", "\"path\":\"rootfs\"");
        f.containers.update(ns, c.toBuilder().spec(new io.berth.metadata.TypedValue(Anys.OCI_SPEC,
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(), List.of("spec"));
    }
}
