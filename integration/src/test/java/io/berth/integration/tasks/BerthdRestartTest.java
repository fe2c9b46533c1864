package io.berth.integration.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.integration.harness.BackgroundCtr;
import io.berth.integration.harness.Berthd;
import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * berthd killed with SIGKILL while tasks run: the tasks keep running, the next berthd on the same
 * root and state lists them, and killing one delivers its exit. A shim killed meanwhile has its
 * task reported stopped (exit 255) and cleaned up.
 */
class BerthdRestartTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void tasksSurviveAKilledBerthd() throws Exception {
        Path rootfs = BusyboxRootfs.create();
        Berthd first = new Berthd();
        Path dir = first.dir();
        Berthd second = null;
        try {
            first.start();
            Ctr ctr = first.ctr();
            for (String id : List.of("s1", "s2", "s3")) {
                Ctr.Result r = ctr.run("run", "-d", "--rootfs", rootfs.toString(), id, "/bin/sleep", "1000");
                assertThat(r.exitCode()).as(r.transcript()).isZero();
            }
            first.kill();

            // while berthd is down, the shim of s3 dies
            long shim3 = shimOf(dir, "s3");
            ProcessHandle.of(shim3).orElseThrow().destroyForcibly();

            second = new Berthd(dir);
            second.start();
            Ctr again = second.ctr();
            String ls = again.run("tasks", "ls").stdout();
            assertThat(ls.lines().skip(1).map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[2]))
                    .containsExactly("s1 RUNNING", "s2 RUNNING");
            try (BackgroundCtr events = again.start("events")) {
                assertThat(again.run("tasks", "kill", "-s", "KILL", "s1").exitCode()).isZero();
                List<String> lines = events.awaitLine(l -> l.contains("/tasks/exit"), LIMIT);
                assertThat(lines.getLast()).contains("\"id\":\"s1\"").contains("\"exit_status\":137");
            }
            assertThat(again.run("tasks", "rm", "s1").exitCode()).isZero();
            assertThat(again.run("tasks", "kill", "-s", "KILL", "s2").exitCode()).isZero();
            awaitGoneOrStopped(again, "s2");
            assertThat(again.run("tasks", "rm", "s2").exitCode()).isZero();
            assertThat(again.run("tasks", "ls").stdout().lines().skip(1)).isEmpty();
            for (String id : List.of("s1", "s2", "s3")) {
                assertThat(again.run("c", "rm", id).exitCode()).isZero();
            }
            assertThat(dir.resolve("state/tasks/default")).satisfiesAnyOf(
                    p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
            assertThat(Leftovers.describe(Leftovers.processesMentioning(dir.resolve("state/tasks"))))
                    .as("no shim or container left").isEmpty();
        } finally {
            if (second != null) {
                second.close();
            } else {
                first.close();
            }
            Leftovers.kill(dir);
            TempDirs.deleteRecursively(dir);
            TempDirs.deleteRecursively(rootfs);
        }
    }

    private static void awaitGoneOrStopped(Ctr ctr, String id) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (ctr.run("tasks", "ls").stdout().lines().noneMatch(l -> l.startsWith(id + " ") && l.contains("RUNNING"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " still running");
    }

    /** The shim serving {@code id}, as it recorded itself in the bundle (a pooled shim's command line names no bundle). */
    private static long shimOf(Path dir, String id) throws java.io.IOException {
        return Long.parseLong(Files.readString(dir.resolve("state/tasks/default/" + id + "/shim.pid")).strip());
    }
}
