package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Create, start, exec, exit and destroy in a loop leave no mounts, processes, zombies,
 * descriptors, threads or stage directories. 50 cycles here; the 200-cycle soak runs with
 * {@code -Dberth.soak.cycles=200}.
 */
@Tag("root")
class NoLeakTest {
    @Test
    void cyclesLeaveNothingBehind() throws Exception {
        int cycles = Integer.getInteger("berth.soak.cycles", 50);
        try (BusyboxRootfs fs = BusyboxRootfs.create()) {
            Spec spec = TestSpecs.ctrSeccomp(fs.rootfs, "leak", "/bin/sleep", "1000");
            cycle(fs, spec, 0); // warm-up: the JDK opens some files lazily
            LeakSnapshot before = LeakSnapshot.take();
            for (int i = 1; i <= cycles; i++) {
                cycle(fs, spec, i);
            }
            assertThat(LeakSnapshot.take()).isEqualTo(before);
        }
    }

    private static void cycle(BusyboxRootfs fs, Spec spec, int i) throws Exception {
        Container c = Container.create("leak" + i, fs.bundle, spec, Stdio.discard());
        try {
            c.start();
            ContainerProcess e = c.exec("e", ProcessSpec.of(List.of("/bin/sh", "-c", "sleep 1000 & exit 7"),
                    List.of("PATH=/bin"), "/"), Stdio.pipes());
            assertThat(e.exit().get().code()).isEqualTo(7);
            e.stdout().orElseThrow().close();
            e.stderr().orElseThrow().close();
            c.kill(9, false);
            assertThat(c.exit().get().code()).isEqualTo(137);
        } finally {
            c.destroy();
        }
    }
}
