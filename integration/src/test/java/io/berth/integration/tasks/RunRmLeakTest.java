package io.berth.integration.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.integration.harness.Berthd;
import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.TempDirs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many {@code ctr run --rm} cycles on one berthd leave nothing behind: no mounts, cgroups, task
 * shims or bundles, no more shim sockets or processes under berthd's directory than before, and
 * berthd's open fds do not grow.
 *
 * <p>Only shims serving a task count as such; shim sockets and processes are compared by number
 * before and after, so idle pooled shims (there before and after alike) are no leak.
 *
 * <p>The number of cycles is the system property {@value #CYCLES_PROPERTY} (default 200): each
 * cycle costs a full container start and stop.
 */
class RunRmLeakTest {

    static final String CYCLES_PROPERTY = "berth.it.runRmCycles";
    private static final String NS = "berth-leak-it";
    private static final int WARM_UP = 3;
    /** berthd's default {@code --shim-pool}: idle pooled shims each hold a socket in state/s. */
    private static final int POOL = 2;
    /** fds berthd may hold beyond the count after warm-up (lazily opened jars, idle channels). */
    private static final int FD_SLACK = 8;

    @Test
    void runRmCyclesLeaveNothingBehind() throws Exception {
        int cycles = Integer.getInteger(CYCLES_PROPERTY, 200);
        Path rootfs = BusyboxRootfs.create();
        Berthd berthd = new Berthd();
        try {
            berthd.start();
            Ctr ctr = berthd.ctr();
            for (int i = 0; i < WARM_UP; i++) {
                cycle(ctr, rootfs, i);
            }
            // counts are compared with the pool full on both sides: a take is refilled a second later
            Poll.until("the shim pool to be full", () -> TaskCensus.take(berthd, NS, rootfs).sockets().size() >= POOL,
                    () -> TaskCensus.take(berthd, NS, rootfs).sockets().toString());
            TaskCensus before = settled(berthd, rootfs);
            int processesBefore = processes(berthd);
            assertThat(before.empty()).as("nothing left after the warm-up: %s", before).isTrue();

            long started = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                cycle(ctr, rootfs, i);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("RunRmLeakTest: %d run --rm cycles in %d ms (%d ms each)%n", cycles, millis,
                    cycles == 0 ? 0 : millis / cycles);

            TaskCensus after = settled(berthd, rootfs);
            assertThat(after.empty()).as("left after %d cycles: %s", cycles, after).isTrue();
            Poll.until("as many shim sockets as before (" + before.sockets() + ")",
                    () -> TaskCensus.take(berthd, NS, rootfs).sockets().size() <= before.sockets().size(),
                    () -> TaskCensus.take(berthd, NS, rootfs).sockets().toString());
            int[] fds = {after.fds()};
            Poll.until("berthd's fds to be at most " + (before.fds() + FD_SLACK) + " (" + before.fds() + " before "
                    + cycles + " cycles)", () -> (fds[0] = TaskCensus.fds(berthd.pid())) <= before.fds() + FD_SLACK,
                    () -> fds[0] + " fds");
            // an idle pooled shim is two processes once its sandbox's init stage waits
            int processesAllowed = Math.max(processesBefore, 1 + 2 * POOL);
            Poll.until("at most " + processesAllowed + " processes under berthd's directory (" + processesBefore
                    + " before)", () -> processes(berthd) <= processesAllowed,
                    () -> String.join("\n", Leftovers.describe(Leftovers.processesMentioning(berthd.dir()))));
            assertThat(ctr.run("-n", NS, "c", "ls", "-q").stdout()).isEmpty();
        } finally {
            Path dir = berthd.dir();
            berthd.close();
            Leftovers.kill(dir);
            TaskCensus.removeCgroupParents(NS);
            TempDirs.deleteRecursively(rootfs);
        }
    }

    /** One {@code ctr run --rm}, the same id each time: each cycle must free it for the next. */
    private static void cycle(Ctr ctr, Path rootfs, int i) {
        Ctr.Result r = ctr.run("-n", NS, "run", "--rm", "--rootfs", rootfs.toString(), "leak", "/bin/sh", "-c",
                "echo cycle " + i);
        assertThat(r.exitCode()).as(r.transcript()).isZero();
        assertThat(r.stdout()).as(r.transcript()).isEqualTo("cycle " + i + "\n");
    }

    /** The census once the tasks' leftovers (if any) had time to go, or as it stands at the limit. */
    private static TaskCensus settled(Berthd berthd, Path rootfs) {
        TaskCensus[] last = {null};
        try {
            Poll.until("the census to empty", () -> (last[0] = TaskCensus.take(berthd, NS, rootfs)).empty(),
                    () -> String.valueOf(last[0]));
        } catch (AssertionError e) {
            // the caller's assertions show what is left
        }
        return last[0];
    }

    /** Processes whose command line names berthd's directory (berthd, shims, pooled shims). */
    private static int processes(Berthd berthd) {
        List<Long> pids = Leftovers.processesMentioning(berthd.dir());
        return pids.size();
    }
}
