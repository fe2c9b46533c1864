package io.berth.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("root")
class ShimPoolTest {

    @Test
    void aPooledShimServesATaskThenComesBackForTheNext() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            f.container("ns1", "p1", "io.containerd.runc.v2", "/bin/sh", "-c", "echo pooled; exit 3");
            f.container("ns1", "p2", "io.containerd.runc.v2", "/bin/sh", "-c", "echo again");
            // however slow this machine, the taken shim is not replaced before it comes back
            System.setProperty(ShimPool.RETURN_GRACE_PROPERTY, "600000");
            LocalTaskManager m;
            try {
                m = f.open(1);
            } finally {
                System.clearProperty(ShimPool.RETURN_GRACE_PROPERTY);
            }
            await(() -> m.shimPool().idle() == 1, "a pooled shim");
            long pooled = m.shimPool().idlePids().getFirst();
            List<Path> socketsBefore = sockets(f);

            Path out = f.dir.resolve("out");
            Files.createFile(out);
            long pid = m.create("ns1", new NewTask("p1", List.of(), new TaskIo("", out.toString(), "", false), null));
            Path bundle = f.state.resolve("tasks/ns1/p1");
            assertThat(Long.parseLong(Files.readString(bundle.resolve("shim.pid")).strip())).isEqualTo(pooled);
            assertThat(Files.readString(bundle.resolve("shim.log"))).contains("pooled shim serving task ns1/p1");
            CompletableFuture<ExitResult> waited = CompletableFuture.supplyAsync(() -> {
                try {
                    return m.await("ns1", "p1", "");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(m.start("ns1", "p1", "")).isEqualTo(pid);
            assertThat(waited.get().exitStatus()).isEqualTo(3);
            assertThat(Files.readString(out)).isEqualTo("pooled\n");
            assertThat(m.delete("ns1", "p1").exitStatus()).isEqualTo(3);
            assertThat(bundle).doesNotExist();
            assertThat(topics(f, 4)).containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");

            // the task ended soon after it took the shim: the same shim is back, on a new socket
            await(() -> m.shimPool().idle() == 1, "the shim back in the pool");
            assertThat(m.shimPool().idlePids()).containsExactly(pooled);
            List<Path> socketsAfter = sockets(f);
            assertThat(socketsAfter).hasSameSizeAs(socketsBefore).doesNotContainAnyElementsOf(socketsBefore);

            Files.writeString(out, "");
            m.create("ns1", new NewTask("p2", List.of(), new TaskIo("", out.toString(), "", false), null));
            Path bundle2 = f.state.resolve("tasks/ns1/p2");
            assertThat(Long.parseLong(Files.readString(bundle2.resolve("shim.pid")).strip())).isEqualTo(pooled);
            // the shim's log of this task is in this task's bundle, and holds nothing of the first
            assertThat(Files.readString(bundle2.resolve("shim.log"))).contains("pooled shim serving task ns1/p2")
                    .doesNotContain("ns1/p1");
            m.start("ns1", "p2", "");
            assertThat(m.await("ns1", "p2", "").exitStatus()).isZero();
            assertThat(Files.readString(out)).isEqualTo("again\n");
            m.delete("ns1", "p2");
            assertThat(topics(f, 4)).containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
            await(() -> m.shimPool().idlePids().equals(List.of(pooled)), "the shim back in the pool again");

            // berthd stops: the reused shim, idle again, exits as any pooled shim
            m.close();
            await(() -> ProcessRef.of(pooled).isEmpty(), "the reused shim to exit with its berthd");
            assertThat(sockets(f)).isEmpty();
        }
    }

    @Test
    void aShimWhoseBerthdStoppedDuringItsTaskExitsAfterTheTask() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            f.container("ns1", "r1", "io.containerd.runc.v2", "/bin/sh", "-c", "exit 4");
            LocalTaskManager first = f.open(1);
            await(() -> first.shimPool().idle() == 1, "a pooled shim");
            long pooled = first.shimPool().idlePids().getFirst();
            first.create("ns1", new NewTask("r1", List.of(), null, null));
            first.start("ns1", "r1", "");
            first.close(); // as berthd does when it stops; its pipes to the shim are closed

            LocalTaskManager second = f.open(1);
            assertThat(second.await("ns1", "r1", "").exitStatus()).isEqualTo(4);
            second.delete("ns1", "r1");
            // it cannot rejoin the pool of a berthd that is gone, nor this one's
            await(() -> ProcessRef.of(pooled).isEmpty(), "the shim to exit after its task");
            assertThat(second.shimPool().idlePids()).doesNotContain(pooled);
        }
    }

    @Test
    void aShimWhoseTaskOutlivedItsGraceIsReplacedAndExitsAfterTheDelete() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            f.container("ns1", "long", "io.containerd.runc.v2", "/bin/sleep", "60");
            LocalTaskManager m = f.open(1);
            await(() -> m.shimPool().idle() == 1, "a pooled shim");
            long pooled = m.shimPool().idlePids().getFirst();
            m.create("ns1", new NewTask("long", List.of(), null, null));
            m.start("ns1", "long", "");
            // after the grace the pool starts a shim in place of the one taken
            await(() -> m.shimPool().idle() == 1 && m.shimPool().idlePids().getFirst() != pooled, "a new pooled shim");
            long replacement = m.shimPool().idlePids().getFirst();
            m.kill("ns1", "long", "", 9, false);
            assertThat(m.await("ns1", "long", "").exitStatus()).isEqualTo(137);
            m.delete("ns1", "long");
            // the pool is full: the freed shim exits
            await(() -> ProcessRef.of(pooled).isEmpty(), "the freed shim to exit");
            assertThat(m.shimPool().idlePids()).containsExactly(replacement);
        }
    }

    @Test
    void aBurstOfTasksGetsPooledShimsStartedForThem() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            List<String> ids = List.of("b1", "b2", "b3");
            for (String id : ids) {
                f.container("ns1", id, "io.containerd.runc.v2", "/bin/true");
            }
            LocalTaskManager m = f.open(1);
            await(() -> m.shimPool().idle() == 1, "a pooled shim");
            List<CompletableFuture<Long>> created = new ArrayList<>();
            for (String id : ids) {
                created.add(CompletableFuture.supplyAsync(() -> m.create("ns1", new NewTask(id, List.of(), null, null))));
            }
            for (int i = 0; i < ids.size(); i++) {
                created.get(i).get();
                Path bundle = f.state.resolve("tasks/ns1/" + ids.get(i));
                long shim = Long.parseLong(Files.readString(bundle.resolve("shim.pid")).strip());
                // each took a shim started by the pool (the pool verb), none a cold one (serve)
                assertThat(Files.readString(Path.of("/proc/" + shim + "/cmdline"))).endsWith("\0pool\0");
            }
            for (String id : ids) {
                m.start("ns1", id, "");
                assertThat(m.await("ns1", id, "").exitStatus()).isZero();
                m.delete("ns1", id);
            }
        }
    }

    @Test
    void idleShimsLeaveNothingBehindWhenBerthdStops() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            LocalTaskManager m = f.open(2);
            await(() -> m.shimPool().idle() == 2, "two pooled shims");
            List<Long> pids = new ArrayList<>(m.shimPool().idlePids());
            m.close();
            for (long pid : pids) {
                await(() -> ProcessRef.of(pid).isEmpty(), "pooled shim " + pid + " to exit");
            }
            assertThat(sockets(f)).isEmpty();
            assertThat(Bundle.list(f.config.tasksDir())).isEmpty();
        }
    }

    @Test
    void anIdleShimExitsWhenBerthdLetsGoOfItsPipe() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            ShimPool pool = new ShimPool(1, () -> {
                List<String> cmd = new ArrayList<>(f.config.shimCommand());
                cmd.addAll(List.of("-address", f.config.berthdSocket().toString(), "-socket-dir",
                        f.config.socketDir().toString()));
                return cmd;
            }, f.config.shimDir());
            pool.start();
            await(() -> pool.idle() == 1, "a pooled shim");
            long pid = pool.idlePids().getFirst();
            pool.close();
            await(() -> ProcessRef.of(pid).isEmpty(), "the pooled shim to exit");
            assertThat(sockets(f)).isEmpty();
        }
    }

    @Test
    void withoutAPoolEveryTaskStartsItsOwnShim() throws Exception {
        try (TasksFixture f = new TasksFixture()) {
            f.container("ns1", "cold", "io.containerd.runc.v2", "/bin/true");
            LocalTaskManager m = f.open(0);
            m.create("ns1", new NewTask("cold", List.of(), null, null));
            Path bundle = f.state.resolve("tasks/ns1/cold");
            long shim = Long.parseLong(Files.readString(bundle.resolve("shim.pid")).strip());
            assertThat(Files.readString(Path.of("/proc/" + shim + "/cmdline"))).contains("serve");
            m.start("ns1", "cold", "");
            assertThat(m.await("ns1", "cold", "").exitStatus()).isZero();
            m.delete("ns1", "cold");
            assertThat(m.shimPool().idle()).isZero();
            assertThat(topics(f, 4)).containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
        }
    }

    private static List<Path> sockets(TasksFixture f) throws Exception {
        if (!Files.isDirectory(f.config.socketDir())) {
            return List.of();
        }
        try (var s = Files.list(f.config.socketDir())) {
            return s.toList();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> topics(TasksFixture f, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.nextEvent().getTopic());
        }
        return out;
    }
}
