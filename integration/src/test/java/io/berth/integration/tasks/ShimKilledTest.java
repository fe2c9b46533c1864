package io.berth.integration.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.integration.harness.BackgroundCtr;
import io.berth.integration.harness.Berthd;
import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.CtrComparison;
import io.berth.integration.harness.DaemonProcess;
import io.berth.integration.harness.Masks;
import io.berth.integration.harness.PairedDaemons;
import io.berth.integration.harness.ReferenceContainerd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shim killed with SIGKILL while its task runs, on berthd and on containerd + runc (whose
 * containerd-shim-runc-v2 is killed the same way): the task is reported stopped by a /tasks/exit
 * and a /tasks/delete for the container, it leaves the task list, the container stays, and
 * nothing of the task is left (container process, bundle, socket, mounts, cgroups).
 *
 * <p>One visible difference is kept on purpose: berthd reports exit status 255 (the shim recorded
 * no exit), as issue 5 asks; containerd reports 137, the status its runc shim's {@code delete}
 * verb makes up after {@code runc delete --force}.
 */
class ShimKilledTest {

    private static final String NS = "berth-shimkill-it";
    /** Each daemon's tasks in cgroups of their own: berthd's cleanup kills what is in its cgroup. */
    private static final String CGROUP = "/" + CtrComparison.DAEMON + "-" + NS + "/k1";

    @RegisterExtension
    static final PairedDaemons PAIR = BusyboxRootfs.withDaemons("berthd-" + NS, "containerd-" + NS);

    @Test
    void aKilledShimStopsItsTaskAndIsCleanedUp() throws Exception {
        Berthd berthd = PAIR.daemons().berthd();
        ReferenceContainerd containerd = PAIR.daemons().containerd();
        try (BackgroundCtr onBerth = EventStreams.subscribe(berthd.ctr(), NS);
             BackgroundCtr onContainerd = EventStreams.subscribe(containerd.ctr(), NS)) {
            CtrComparison c = PAIR.daemons().comparison();
            c.step("-n", NS, "run", "-d", "--cgroup", CGROUP, "--rootfs", PAIR.scratch().toString(), "k1", "/bin/sleep",
                    "1000");
            long berthPid = initPid(berthd.ctr());
            long refPid = initPid(containerd.ctr());
            assertThat(TaskCensus.cgroupsOf("berthd-" + NS, "k1")).as("berthd's cgroups of k1").isNotEmpty();
            assertThat(TaskCensus.cgroupsOf("containerd-" + NS, "k1")).as("containerd's cgroups of k1").isNotEmpty();

            kill(BerthdRestartTest.shimOf(berthd, NS, "k1"));
            kill(referenceShimOf(containerd, "k1"));

            List<String> b = tail(onBerth.awaitLine(l -> l.contains("/tasks/delete"), Poll.LIMIT), berthd);
            List<String> r = tail(onContainerd.awaitLine(l -> l.contains("/tasks/delete"), Poll.LIMIT), containerd);
            assertThat(b).containsExactly(
                    "<TIME> " + NS + " /tasks/exit {\"container_id\":\"k1\",\"id\":\"k1\",\"pid\":" + berthPid
                            + ",\"exit_status\":255,\"exited_at\":\"<TIME>\"}",
                    "<TIME> " + NS + " /tasks/delete {\"container_id\":\"k1\",\"pid\":" + berthPid
                            + ",\"exit_status\":255,\"exited_at\":\"<TIME>\"}");
            assertThat(r).as("containerd's events, with its status 137 in place of 255")
                    .containsExactlyElementsOf(b.stream()
                            .map(l -> l.replace("\"pid\":" + berthPid, "\"pid\":" + refPid)
                                    .replace("\"exit_status\":255", "\"exit_status\":137"))
                            .toList());

            for (DaemonProcess d : List.of(berthd, containerd)) {
                Poll.gone(d.ctr(), NS, "k1");
            }
            Poll.until("k1's processes to end", () -> ProcessHandle.of(berthPid).isEmpty()
                    && ProcessHandle.of(refPid).isEmpty(), () -> berthPid + " " + refPid);
            for (String parent : List.of("berthd-" + NS, "containerd-" + NS)) {
                Poll.until(parent + "/k1 to go", () -> TaskCensus.cgroupsOf(parent, "k1").isEmpty(),
                        () -> TaskCensus.cgroupsOf(parent, "k1").toString());
            }
            TaskCensus left = TaskCensus.take(berthd, NS, "berthd-" + NS, PAIR.scratch());
            assertThat(left.empty()).as("nothing of k1 left on berthd: %s", left).isTrue();
            assertThat(Files.exists(containerd.state().resolve("io.containerd.runtime.v2.task/" + NS + "/k1")))
                    .as("containerd's bundle").isFalse();

            c.step("-n", NS, "tasks", "ls");
            c.step("-n", NS, "tasks", "kill", "k1");
            c.step("-n", NS, "c", "ls");
            // the id can be used again at once
            c.step("-n", NS, "tasks", "start", "-d", "k1");
            Poll.status(berthd.ctr(), NS, "k1", "RUNNING");
            c.step("-n", NS, "tasks", "kill", "-s", "KILL", "k1");
            for (DaemonProcess d : List.of(berthd, containerd)) {
                Poll.status(d.ctr(), NS, "k1", "STOPPED");
            }
            c.step("-n", NS, "tasks", "rm", "k1");
            c.step("-n", NS, "c", "rm", "k1");
            c.assertSame();
        }
    }

    private static long initPid(Ctr ctr) {
        String line = ctr.run("-n", NS, "tasks", "ls").stdout().lines().filter(l -> l.startsWith("k1 ")).findFirst()
                .orElseThrow(() -> new AssertionError("k1 not listed"));
        return Long.parseLong(line.trim().split("\\s+")[1]);
    }

    private static void kill(long pid) {
        ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid)).destroyForcibly();
    }

    /** The events from the /tasks/exit on, with the standard masks. */
    private static List<String> tail(List<String> lines, DaemonProcess d) {
        List<String> masked = lines.stream().map(Masks::apply).map(l -> l.replace(d.dir().toString(), "<DIR>"))
                .toList();
        int exit = 0;
        for (int i = 0; i < masked.size(); i++) {
            if (masked.get(i).contains("/tasks/exit")) {
                exit = i;
            }
        }
        return masked.subList(exit, masked.size());
    }

    /** containerd's shim for {@code id}: {@code containerd-shim-runc-v2 -namespace NS -id ID -address SOCK}. */
    private static long referenceShimOf(ReferenceContainerd containerd, String id) {
        for (long pid : Leftovers.processesMentioning(containerd.dir())) {
            try {
                List<String> args = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
                if (args.getFirst().endsWith("containerd-shim-runc-v2") && args.contains(NS)
                        && args.get(args.indexOf("-id") + 1).equals(id)) {
                    return pid;
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                // gone, or not a shim
            }
        }
        throw new AssertionError("no containerd-shim-runc-v2 for " + id);
    }
}
