package io.berth.shim.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import io.berth.api.anys.Anys;
import io.berth.api.events.TaskDelete;
import io.berth.api.events.TaskExit;
import io.berth.api.services.events.ttrpc.v1.Envelope;
import io.berth.api.task.v2.CreateTaskRequest;
import io.berth.api.task.v2.DeleteRequest;
import io.berth.api.task.v2.DeleteResponse;
import io.berth.api.task.v2.ExecProcessRequest;
import io.berth.api.task.v2.KillRequest;
import io.berth.api.task.v2.PidsRequest;
import io.berth.api.task.v2.StartRequest;
import io.berth.api.task.v2.StateRequest;
import io.berth.api.task.v2.WaitRequest;
import io.berth.api.types.task.ProcessInfo;
import io.berth.api.types.task.Status;
import io.berth.api.ttrpc.TtrpcException;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The berth-shim process end to end: start verb, Task API, IO, events forwarded to a fake berthd. */
@Tag("root")
class ShimProcessTest {

    @Test
    void runsTaskThenExitsAfterDelete() throws Exception {
        try (ShimFixture f = new ShimFixture("t1", "/bin/sh", "-c", "echo hello from $(hostname); exit 3")) {
            Path out = f.dir.resolve("out.txt");
            Files.createFile(out);
            var created = f.shim.create(CreateTaskRequest.newBuilder().setId("t1").setBundle(f.bundle.toString())
                    .setStdout(out.toString()).setStderr(out.toString()).build());
            assertThat(created.getPid()).isPositive();
            assertThat(f.shim.state(StateRequest.newBuilder().setId("t1").build()).getStatus())
                    .isEqualTo(Status.CREATED);
            CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(
                    () -> f.shim.wait(WaitRequest.newBuilder().setId("t1").build()).getExitStatus());
            int pid = f.shim.start(StartRequest.newBuilder().setId("t1").build()).getPid();
            assertThat(pid).isEqualTo(created.getPid());
            assertThat(waited.get()).isEqualTo(3);

            var state = f.shim.state(StateRequest.newBuilder().setId("t1").build());
            assertThat(state.getStatus()).isEqualTo(Status.STOPPED);
            assertThat(state.getExitStatus()).isEqualTo(3);
            assertThat(state.getStdout()).isEqualTo(out.toString());
            assertThat(Files.readString(out)).isEqualTo("hello from t1\n");
            assertThat(ExitRecord.read(f.bundle)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(3));

            DeleteResponse deleted = f.shim.delete(DeleteRequest.newBuilder().setId("t1").build());
            assertThat(deleted.getExitStatus()).isEqualTo(3);
            assertThat(deleted.getPid()).isEqualTo(pid);

            assertThat(topics(f, 4)).containsExactly("/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete");
            assertThat(f.awaitShimExit()).as("shim exits after the init process is deleted").isTrue();
            // the shim speaks ttrpc on JDK sockets: the gRPC stack stays out of its JVM
            assertThat(f.loadedClasses()).contains(TaskService.class.getName())
                    .noneMatch(c -> c.startsWith("io.grpc.") || c.startsWith("io.netty.")
                            || c.startsWith("com.google.common."));
        }
    }

    @Test
    void execKillAndStateErrors() throws Exception {
        try (ShimFixture f = new ShimFixture("t2", "/bin/sleep", "1000")) {
            f.shim.create(CreateTaskRequest.newBuilder().setId("t2").setBundle(f.bundle.toString()).build());
            f.shim.start(StartRequest.newBuilder().setId("t2").build());

            Path fifo = f.dir.resolve("exec-out");
            ShimFixture.mkfifo(fifo);
            Any spec = Anys.pack(Anys.OCI_PROCESS, ("{\"args\":[\"/bin/sh\",\"-c\",\"echo from exec; exit 5\"],"
                    + "\"cwd\":\"/\",\"user\":{\"uid\":0,\"gid\":0},\"env\":[\"PATH=/bin\"]}").getBytes(StandardCharsets.UTF_8));
            f.shim.exec(ExecProcessRequest.newBuilder().setId("t2").setExecId("e1").setStdout(fifo.toString())
                    .setSpec(spec).build());
            assertThatThrownBy(() -> f.shim.exec(ExecProcessRequest.newBuilder().setId("t2").setExecId("e1")
                    .setSpec(spec).build()))
                    .hasMessage("ALREADY_EXISTS: id e1: already exists");
            assertThatThrownBy(() -> f.shim.kill(KillRequest.newBuilder().setId("t2").setExecId("e1").setSignal(9)
                    .build()))
                    .hasMessage("FAILED_PRECONDITION: process not created: failed precondition");
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = new FileInputStream(fifo.toFile())) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            f.shim.start(StartRequest.newBuilder().setId("t2").setExecId("e1").build());
            assertThat(f.shim.wait(WaitRequest.newBuilder().setId("t2").setExecId("e1").build()).getExitStatus())
                    .isEqualTo(5);
            assertThat(read.get()).isEqualTo("from exec\n");
            assertThatThrownBy(() -> f.shim.kill(KillRequest.newBuilder().setId("t2").setExecId("e1").setSignal(9)
                    .build()))
                    .hasMessage("NOT_FOUND: process already finished: not found");
            f.shim.delete(DeleteRequest.newBuilder().setId("t2").setExecId("e1").build());
            assertThatThrownBy(() -> f.shim.state(StateRequest.newBuilder().setId("t2").setExecId("e1").build()))
                    .hasMessage("NOT_FOUND: process does not exist e1: not found");

            List<ProcessInfo> pids = f.shim.pids(PidsRequest.newBuilder().setId("t2").build()).getProcessesList();
            assertThat(pids).extracting(ProcessInfo::getPid).isNotEmpty();
            assertThat(pids).allSatisfy(p -> assertThat(p.hasInfo()).isFalse());

            assertThatThrownBy(() -> f.shim.delete(DeleteRequest.newBuilder().setId("t2").build()))
                    .isInstanceOf(TtrpcException.class)
                    .hasMessage("UNKNOWN: cannot delete a running process");
            f.shim.kill(KillRequest.newBuilder().setId("t2").setSignal(9).build());
            assertThat(f.shim.wait(WaitRequest.newBuilder().setId("t2").build()).getExitStatus()).isEqualTo(137);
            assertThatThrownBy(() -> f.shim.kill(KillRequest.newBuilder().setId("t2").setSignal(9).build()))
                    .hasMessage("NOT_FOUND: process already finished: not found");
            f.shim.delete(DeleteRequest.newBuilder().setId("t2").build());
            assertThatThrownBy(() -> f.shim.state(StateRequest.newBuilder().setId("t2").build()))
                    .hasMessage("NOT_FOUND: container not created: not found");

            assertThat(topics(f, 7)).containsExactly("/tasks/create", "/tasks/start", "/tasks/exec-added",
                    "/tasks/exec-started", "/tasks/exit", "/tasks/exit", "/tasks/delete");
        }
    }

    @Test
    void slowReaderGetsAllOutputAndVanishingReaderDoesNotKillTheTask() throws Exception {
        try (ShimFixture f = new ShimFixture("t3", "/bin/sh", "-c",
                "dd if=/dev/zero bs=1024 count=1024 2>/dev/null; sleep 1; echo more; echo more; exit 0")) {
            Path fifo = f.dir.resolve("out");
            ShimFixture.mkfifo(fifo);
            f.shim.create(CreateTaskRequest.newBuilder().setId("t3").setBundle(f.bundle.toString())
                    .setStdout(fifo.toString()).build());
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
                long total = 0;
                byte[] buf = new byte[4096];
                try (InputStream in = new FileInputStream(fifo.toFile())) {
                    for (int n; total < 1024 * 1024 && (n = in.read(buf)) > 0; ) {
                        total += n;
                        if (total % (256 * 1024) == 0) {
                            Thread.sleep(100); // a slow reader
                        }
                    }
                } catch (java.io.IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return total; // the reader goes away before the last lines
            });
            f.shim.start(StartRequest.newBuilder().setId("t3").build());
            assertThat(read.get()).isEqualTo(1024 * 1024);
            assertThat(f.shim.wait(WaitRequest.newBuilder().setId("t3").build()).getExitStatus()).isZero();
        }
    }

    private static List<String> topics(ShimFixture f, int n) throws InterruptedException {
        List<String> topics = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Envelope e = f.nextEvent();
            assertThat(e.getNamespace()).isEqualTo("testns");
            topics.add(e.getTopic());
            if (e.getTopic().equals("/tasks/exit")) {
                assertThat(Anys.unpack(e.getEvent(), TaskExit.class).getContainerId()).isNotEmpty();
            }
            if (e.getTopic().equals("/tasks/delete")) {
                assertThat(Anys.unpack(e.getEvent(), TaskDelete.class).getPid()).isPositive();
            }
        }
        return topics;
    }
}
