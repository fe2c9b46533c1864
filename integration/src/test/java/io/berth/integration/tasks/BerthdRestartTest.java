package io.berth.integration.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.integration.harness.BackgroundCtr;
import io.berth.integration.harness.Berthd;
import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * berthd killed with SIGKILL while ten tasks run: the tasks keep running, the next berthd on the
 * same root and state lists them and controls them (killing one delivers its exit); a task that
 * exited while berthd was down reports its real exit code; a shim killed meanwhile has its task
 * cleaned up; once all are removed nothing is left (bundles, sockets, mounts, cgroups, processes).
 */
class BerthdRestartTest {

    /** A namespace of its own, so the cgroups ({@code /<ns>/<id>}) are this test's alone. */
    private static final String NS = "berth-restart-it";
    private static final List<String> RUNNING = IntStream.range(0, 10).mapToObj(i -> "s" + i).toList();

    @Test
    void tasksSurviveAKilledBerthd() throws Exception {
        Path rootfs = BusyboxRootfs.create();
        Berthd first = new Berthd();
        Path dir = first.dir();
        Berthd second = null;
        try {
            first.start();
            Ctr ctr = first.ctr();
            for (String id : RUNNING) {
                run(ctr, rootfs, id, "/bin/sleep", "1000");
            }
            // exits with 7 once /tmp/go-exiter exists in the (shared) rootfs
            run(ctr, rootfs, "exiter", "/bin/sh", "-c", "while [ ! -e /tmp/go-exiter ]; do sleep 0.1; done; exit 7");
            run(ctr, rootfs, "orphan", "/bin/sleep", "1000");
            Map<String, Long> pids = pids(ctr);
            assertThat(pids).containsOnlyKeys(ids("exiter", "orphan"));
            TaskCensus before = TaskCensus.take(first, NS, rootfs);
            assertThat(before.bundles()).hasSize(12);
            assertThat(before.cgroups()).isNotEmpty();

            first.kill();

            // while berthd is down: one task exits, and the shim of another dies
            Files.writeString(rootfs.resolve("tmp/go-exiter"), "");
            long exiter = pids.get("exiter");
            Poll.until("the exiter's exit", () -> ProcessHandle.of(exiter).isEmpty(), () -> "pid " + exiter);
            long shim = shimOf(first, NS, "orphan");
            ProcessHandle.of(shim).orElseThrow().destroyForcibly();
            Poll.until("the orphan's shim to die", () -> ProcessHandle.of(shim).isEmpty(), () -> "pid " + shim);
            for (String id : RUNNING) {
                assertThat(ProcessHandle.of(pids.get(id))).as(id + " runs while berthd is down").isPresent();
            }

            second = new Berthd(dir);
            second.start();
            Ctr again = second.ctr();
            Map<String, String> status = statuses(again);
            Map<String, String> expected = new TreeMap<>();
            RUNNING.forEach(id -> expected.put(id, "RUNNING"));
            expected.put("exiter", "STOPPED");
            Berthd restarted = second;
            assertThat(status).as(() -> "tasks after the restart; berthd's log:\n" + log(restarted))
                    .isEqualTo(expected);
            assertThat(pids(again)).as("the same processes").isEqualTo(without(pids, "orphan"));

            try (BackgroundCtr events = EventStreams.subscribe(again, NS)) {
                Ctr.Result kill = again.run("-n", NS, "tasks", "kill", "-s", "KILL", "s0");
                assertThat(kill.exitCode()).as(kill.transcript()).isZero();
                // the exiter's TaskExit, queued in its shim while berthd was down, may come first
                List<String> lines = events.awaitLine(
                        l -> l.contains("/tasks/exit") && l.contains("\"container_id\":\"s0\""), Poll.LIMIT);
                assertThat(lines.getLast()).contains("\"container_id\":\"s0\"").contains("\"id\":\"s0\"")
                        .contains("\"exit_status\":137");
            }
            Poll.status(again, NS, "s0", "STOPPED");

            Ctr.Result rmExiter = again.run("-n", NS, "tasks", "rm", "exiter");
            assertThat(rmExiter.exitCode()).as(rmExiter.transcript()).isZero();
            assertThat(rmExiter.stderr()).as("the real exit code, not 255")
                    .contains("task exiter exit with non-zero exit code 7");

            for (String id : RUNNING) {
                if (!id.equals("s0")) {
                    assertThat(again.run("-n", NS, "tasks", "kill", "-s", "KILL", id).exitCode()).isZero();
                }
            }
            for (String id : RUNNING) {
                Poll.status(again, NS, id, "STOPPED");
                Ctr.Result rm = again.run("-n", NS, "tasks", "rm", id);
                assertThat(rm.exitCode()).as(rm.transcript()).isZero();
                assertThat(rm.stderr()).contains("exit code 137");
            }
            assertThat(again.run("-n", NS, "tasks", "ls").stdout().lines().skip(1)).isEmpty();
            for (String id : ids("exiter", "orphan")) {
                Ctr.Result rm = again.run("-n", NS, "c", "rm", id);
                assertThat(rm.exitCode()).as(rm.transcript()).isZero();
            }
            TaskCensus after = TaskCensus.take(second, NS, rootfs);
            assertThat(after.empty()).as("nothing left: %s", after).isTrue();
            for (long pid : pids.values()) {
                assertThat(ProcessHandle.of(pid)).as("task process " + pid).isEmpty();
            }
        } finally {
            if (second != null) {
                second.close();
            } else {
                first.close();
            }
            Leftovers.kill(dir);
            TaskCensus.removeCgroupParents(NS);
            TempDirs.deleteRecursively(dir);
            TempDirs.deleteRecursively(rootfs);
        }
    }

    private static String log(Berthd berthd) {
        try {
            return Files.readString(berthd.log());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void run(Ctr ctr, Path rootfs, String id, String... cmd) {
        List<String> args = new ArrayList<>(List.of("-n", NS, "run", "-d", "--rootfs", rootfs.toString(), id));
        args.addAll(List.of(cmd));
        Ctr.Result r = ctr.run(null, args);
        assertThat(r.exitCode()).as(r.transcript()).isZero();
    }

    private static List<String> ids(String... more) {
        List<String> all = new ArrayList<>(RUNNING);
        all.addAll(List.of(more));
        return all;
    }

    /** Id to STATUS from {@code ctr tasks ls}. */
    private static Map<String, String> statuses(Ctr ctr) {
        Map<String, String> out = new TreeMap<>();
        for (String l : ctr.run("-n", NS, "tasks", "ls").stdout().lines().skip(1).toList()) {
            String[] f = l.trim().split("\\s+");
            out.put(f[0], f[2]);
        }
        return out;
    }

    /** Id to PID from {@code ctr tasks ls}. */
    private static Map<String, Long> pids(Ctr ctr) {
        Map<String, Long> out = new TreeMap<>();
        for (String l : ctr.run("-n", NS, "tasks", "ls").stdout().lines().skip(1).toList()) {
            String[] f = l.trim().split("\\s+");
            out.put(f[0], Long.parseLong(f[1]));
        }
        return out;
    }

    private static Map<String, Long> without(Map<String, Long> m, String key) {
        Map<String, Long> out = new TreeMap<>(m);
        out.remove(key);
        return out;
    }

    /**
     * The shim serving {@code id}, as it recorded itself in the bundle (a pooled shim's command
     * line names no bundle).
     */
    static long shimOf(Berthd berthd, String namespace, String id) {
        Path pidFile = berthd.state().resolve("tasks/" + namespace + "/" + id + "/shim.pid");
        try {
            return Long.parseLong(Files.readString(pidFile).strip());
        } catch (java.io.IOException e) {
            throw new AssertionError("no shim for " + id + ": " + e);
        }
    }
}
