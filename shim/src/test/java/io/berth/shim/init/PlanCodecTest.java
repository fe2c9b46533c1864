package io.berth.shim.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCodecTest {
    @Test
    void roundTrips() throws Exception {
        InitPlan.Rootfs rootfs = new InitPlan.Rootfs("/r", true, 1 << 19, false,
                List.of(new InitPlan.MountOp(InitPlan.MountKind.BIND, "/src", "/dst", "", 4096, "mode=755",
                        List.of(1L << 18))),
                true, List.of(new InitPlan.DeviceNode("/dev/null", 'c', 1, 3, 0666, 0, 0)), List.of("/proc/kcore"),
                List.of("/proc/sys"), "h", "d", Map.of("kernel.x", "1"), -500, true);
        InitPlan.Proc proc = new InitPlan.Proc(List.of("/bin/sh", "-c", "é"), List.of("A=b"), "/", 1, 2, List.of(3, 4),
                022, List.of(new InitPlan.Limit(7, 1024, -1)), 1, 2, 3, 4, 5, true, new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                4, true, 24, 80);
        InitPlan plan = new InitPlan(false, "", true, "/proc/1/ns/cgroup", false, rootfs, proc);
        InitPlan back = PlanCodec.decode(PlanCodec.encode(plan));
        assertThat(back.rootfs()).isEqualTo(rootfs);
        assertThat(back.process()).usingRecursiveComparison().isEqualTo(proc);
        assertThat(back.mountNsPath()).isEmpty();
        assertThat(back.cgroupNsPath()).isEqualTo("/proc/1/ns/cgroup");
        assertThat(PlanCodec.decode(PlanCodec.encode(new InitPlan(true, "/proc/9/ns/mnt", false, "", false, null, proc)))
                .rootfs()).isNull();
    }
}
