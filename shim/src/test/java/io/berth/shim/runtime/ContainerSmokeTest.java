package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("root")
class ContainerSmokeTest {
    @Test
    void runsShell() throws Exception {
        try (BusyboxRootfs fs = BusyboxRootfs.create()) {
            Container c = Container.create("smoke", fs.bundle,
                    TestSpecs.ctrDefault(fs.rootfs, "smoke", "/bin/sh", "-c", "echo pid=$$; hostname; ls /proc | grep -c '^[0-9]'"),
                    Stdio.pipes());
            try {
                c.start();
                String out = new String(c.init().stdout().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(c.init().stderr().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
                ExitStatus s = c.exit().get();
                System.out.println("OUT:" + out + "ERR:" + err + "CODE:" + s.code());
                assertThat(out).contains("pid=1").contains("smoke");
            } finally {
                c.destroy();
            }
        }
    }
}
