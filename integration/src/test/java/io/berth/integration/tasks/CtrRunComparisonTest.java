package io.berth.integration.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.CtrComparison;
import io.berth.integration.harness.DaemonProcess;
import io.berth.integration.harness.PairedDaemons;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real {@code ctr} 1.6 running busybox tasks on berthd and on containerd + runc: the same
 * output and exit codes, with pids (and metric values) masked.
 */
class CtrRunComparisonTest {

    /** A namespace of its own: the reference runc keeps its state in a machine-wide root. */
    private static final String NS = "berth-tasks-it";

    private static String[] n(String... args) {
        return Ctr.inNamespace(NS, args);
    }

    @RegisterExtension
    static final PairedDaemons PAIR = BusyboxRootfs.withDaemons(NS);

    /** Numbers (pids, counters) masked: they legitimately differ between the daemons. */
    private static String numbers(String s) {
        return s.replaceAll("\\d+", "N").replaceAll(" +", " ");
    }

    @Test
    void runRmGivesTheSameOutputAndExitCodes() {
        CtrComparison c = PAIR.daemons().comparison();
        String r = PAIR.scratch().toString();
        Ctr.Result hello = c.step(n("run", "--rm", "--rootfs", r, "r1", "/bin/sh", "-c",
                "echo hello; echo to-stderr >&2; exit 3"));
        assertThat(hello.stdout()).isEqualTo("hello\n");
        assertThat(hello.exitCode()).isEqualTo(3);
        // containerd's shim holds stdin open until CloseIO, which ctr may not send when its input
        // ends at once: read what was sent rather than wait for end of input
        Ctr.Result piped = c.stepWithInput("line one\nline two\n", n("run", "--rm", "--rootfs", r, "r2", "/bin/sh",
                "-c", "head -n 2; echo done"));
        assertThat(piped.stdout()).isEqualTo("line one\nline two\ndone\n");
        c.step(n("run", "--rm", "--rootfs", r, "r3", "/bin/sh", "-c", "ls /proc/self/ns | wc -l; cat /proc/1/cmdline"));
        c.step(n("run", "--rm", "--rootfs", r, "r4", "/bin/true"));
        c.step(n("run", "--rm", "--rootfs", r, "bad/id", "/bin/true"));
        c.step(n("c", "ls"));
        c.assertSame();
    }

    @Test
    void missingBinaryFailsOnBoth() {
        String r = PAIR.scratch().toString();
        Ctr.Result b = PAIR.daemons().berthd().ctr().run(n("run", "--rm", "--rootfs", r, "m1", "/no/such/binary"));
        Ctr.Result ref = PAIR.daemons().containerd().ctr().run(n("run", "--rm", "--rootfs", r, "m1", "/no/such/binary"));
        assertThat(b.exitCode()).as(b.transcript()).isEqualTo(ref.exitCode()).isNotZero();
        assertThat(b.stderr()).contains("ctr: failed to create shim task").contains("/no/such/binary");
        // the failed task left nothing behind: the container can be removed and the id reused
        CtrComparison c = PAIR.daemons().comparison();
        c.step(n("tasks", "ls"));
        c.step(n("c", "rm", "m1"));
        c.step(n("run", "--rm", "--rootfs", r, "m1", "/bin/true"));
        c.assertSame();
    }

    @Test
    void detachedTaskLifecycle() throws Exception {
        CtrComparison c = PAIR.daemons().comparison();
        String r = PAIR.scratch().toString();
        // a cgroup per daemon: by default both would put d1 in /<ns>/d1, and berthd's pause would freeze both
        c.step(n("run", "-d", "--cgroup", "/" + CtrComparison.DAEMON + "-" + NS + "/d1", "--rootfs", r, "d1",
                "/bin/sleep", "1000"));
        c.stepMasked(CtrRunComparisonTest::numbers, n("tasks", "ls"));
        c.stepMasked(CtrRunComparisonTest::numbers, n("tasks", "ps", "d1"));
        c.step(n("tasks", "exec", "--exec-id", "e1", "d1", "/bin/sh", "-c", "echo in exec; hostname; exit 4"));
        c.step(n("tasks", "exec", "--exec-id", "e2", "d1", "/bin/sh", "-c", "kill -9 $$"));
        c.step(n("tasks", "pause", "d1"));
        c.stepMasked(CtrRunComparisonTest::numbers, n("tasks", "ls"));
        c.step(n("tasks", "pause", "d1"));
        c.step(n("tasks", "resume", "d1"));
        c.stepMasked(CtrRunComparisonTest::numbers, n("tasks", "ls"));
        c.step(n("tasks", "resume", "d1"));
        c.stepMasked(CtrRunComparisonTest::numbers, n("tasks", "metrics", "d1"));
        c.step(n("tasks", "rm", "d1"));
        c.step(n("c", "rm", "d1"));
        c.step(n("tasks", "kill", "-s", "KILL", "d1"));
        awaitStopped(PAIR.daemons().berthd(), "d1");
        awaitStopped(PAIR.daemons().containerd(), "d1");
        c.stepMasked(CtrRunComparisonTest::numbers, n("tasks", "ls"));
        c.step(n("tasks", "kill", "d1"));
        c.step(n("tasks", "rm", "d1"));
        c.step(n("c", "rm", "d1"));
        c.step(n("tasks", "ls"));
        c.assertSame();
        TaskCensus.removeCgroupParents("berthd-" + NS, "containerd-" + NS);
    }

    @Test
    void errorsOnUnknownTasks() {
        CtrComparison c = PAIR.daemons().comparison();
        String r = PAIR.scratch().toString();
        c.step(n("tasks", "ps", "nope"));
        c.step(n("tasks", "kill", "nope"));
        c.step(n("tasks", "pause", "nope"));
        c.step(n("tasks", "metrics", "nope"));
        c.step(n("c", "create", "--rootfs", r, "idle", "/bin/true"));
        c.step(n("tasks", "ps", "idle"));
        c.step(n("tasks", "kill", "idle"));
        c.step(n("tasks", "rm", "idle"));
        c.step(n("tasks", "exec", "--exec-id", "x", "idle", "/bin/true"));
        c.step(n("c", "rm", "idle"));
        c.assertSame();
    }

    @Test
    void killedForegroundRunExitsWith128PlusSignal() throws Exception {
        String r = PAIR.scratch().toString();
        List<Integer> codes = new ArrayList<>();
        for (DaemonProcess d : List.of(PAIR.daemons().berthd(), PAIR.daemons().containerd())) {
            Process run = new ProcessBuilder("ctr", "-a", d.socket().toString(), "-n", NS, "run", "--rm", "--rootfs", r, "k1",
                    "/bin/sleep", "1000").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true).start();
            awaitRunning(d, "k1");
            assertThat(d.ctr().run(n("tasks", "kill", "-s", "KILL", "k1")).exitCode()).isZero();
            if (!run.waitFor(60, TimeUnit.SECONDS)) {
                run.destroyForcibly();
                throw new AssertionError("ctr run did not end after its task was killed");
            }
            codes.add(run.exitValue());
        }
        assertThat(codes).containsExactly(137, 137);
    }

    private static void awaitRunning(DaemonProcess d, String id) throws InterruptedException {
        awaitStatus(d, id, "RUNNING");
    }

    private static void awaitStopped(DaemonProcess d, String id) throws InterruptedException {
        awaitStatus(d, id, "STOPPED");
    }

    /** Polls {@code ctr tasks ls} until the task shows the status; the bound only stops a hang. */
    private static void awaitStatus(DaemonProcess d, String id, String status) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            String out = d.ctr().run(n("tasks", "ls")).stdout();
            if (out.lines().anyMatch(l -> l.startsWith(id + " ") && l.contains(status))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(id + " never became " + status + " on " + d.getClass().getSimpleName());
    }

}
