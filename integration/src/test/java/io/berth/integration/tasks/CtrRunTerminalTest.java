package io.berth.integration.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.integration.harness.DaemonProcess;
import io.berth.integration.harness.PairedDaemons;
import io.berth.integration.harness.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ctr run -t} as a person uses it, typed into a tmux terminal: an interactive busybox shell
 * whose {@code stty size} follows the terminal when it is resized, and whose exit code ctr
 * returns; once it exits the task and container are gone. The screens on berthd and on
 * containerd + runc are the same.
 */
class CtrRunTerminalTest {

    private static final String NS = "berth-tty-it";

    @RegisterExtension
    static final PairedDaemons PAIR = BusyboxRootfs.withDaemons(NS);

    private static Path scratch;

    @BeforeAll
    static void start() {
        assumeTrue(Tmux.installed(), "tmux is not installed (bin/setup installs it)");
        scratch = TempDirs.create("tty-");
    }

    @AfterAll
    static void stop() {
        if (scratch != null) {
            TempDirs.deleteRecursively(scratch);
        }
    }

    @Test
    void interactiveShellFollowsTheTerminalSize() throws Exception {
        List<String> screens = new ArrayList<>();
        for (DaemonProcess d : List.of(PAIR.daemons().berthd(), PAIR.daemons().containerd())) {
            try {
                screens.add(session(d));
            } catch (AssertionError | Exception e) {
                throw new AssertionError("terminal session on " + name(d) + ": " + e.getMessage(), e);
            }
        }
        assertThat(screens.get(0)).as("berthd's screen vs containerd's").isEqualTo(screens.get(1));
    }

    /** One terminal session on {@code d}; returns the last screen. */
    private static String session(DaemonProcess d) throws Exception {
        String name = name(d);
        Path rc = scratch.resolve(name + ".rc");
        // busybox ash asks the terminal where the cursor is (ESC[6n) after each prompt; when tmux's
        // reply reaches the shell in the same read as the next typed command, busybox drops the
        // first 16 bytes of that read (the reply and the start of the command). With echo off the
        // shell reads plain lines and asks nothing, so typed commands arrive whole on either daemon.
        String ctr = "ctr -a " + d.socket() + " -n " + NS + " run -t --rm --rootfs " + PAIR.scratch()
                + " tty1 /bin/sh -c 'stty -echo; exec /bin/sh'";
        try (Tmux t = Tmux.start(scratch, ctr + "; echo $? > " + rc, 80, 24)) {
            t.awaitLines("/ #", 1);
            // ctr sends the terminal's size only after Start, so the shell may be up before it
            // arrives (on either daemon): wait in the shell until the size is set, then clear.
            // busybox stty exits 0 even on a 0x0 window (it only complains on stderr), so the
            // wait looks for the size on stdout.
            t.type("until [ -n \"$(stty size 2>/dev/null)\" ]; do sleep 0.1; done; clear");
            Poll.until("a clear screen", () -> t.screen().strip().equals("/ #"), t::screen);
            t.type("echo hi; stty size");
            String first = t.awaitLines("24 80", 1);
            assertThat(first).as(name).isEqualTo("/ # hi\n24 80\n/ #\n");
            Poll.status(d.ctr(), NS, "tty1", "RUNNING");

            // A resize travels tmux -> SIGWINCH -> ctr -> daemon -> shim -> pty while typed keys
            // travel tmux -> ctr -> FIFO -> pty: the keys can win (on either daemon), so the shell
            // waits until it sees the new size (bounded by awaitLines) and then prints it.
            t.resize(100, 30);
            t.type(printWhenSizeIs("30 100"));
            t.awaitLines("/ # 30 100", 1);
            t.resize(60, 20);
            t.type(printWhenSizeIs("20 60"));
            String last = t.awaitLines("/ # 20 60", 1);

            t.type("exit 3");
            Poll.until("ctr to end on " + name, () -> Files.exists(rc) && !read(rc).isEmpty(),
                    () -> t.sessionAlive() ? t.screen() : "(session ended)");
            assertThat(read(rc)).as("ctr's exit code on " + name).isEqualTo("3");
            Poll.until("the tmux session to end", () -> !t.sessionAlive(), () -> "alive");
            assertThat(d.ctr().run("-n", NS, "tasks", "ls").stdout().lines().skip(1)).as(name).isEmpty();
            assertThat(d.ctr().run("-n", NS, "c", "ls", "-q").stdout()).as(name).isEmpty();
            return last;
        }
    }

    private static String name(DaemonProcess d) {
        return d == PAIR.daemons().berthd() ? "berthd" : "containerd";
    }

    private static String printWhenSizeIs(String rowsColumns) {
        return "until [ \"$(stty size 2>/dev/null)\" = \"" + rowsColumns + "\" ]; do sleep 0.1; done; stty size";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
