package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.shim.spec.ProcessSpec;
import io.berth.shim.spec.Resources;
import io.berth.shim.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A container with its own cgroup: membership, pause/resume, update, stats, kill-all, removal. */
@Tag("root")
class CgroupContainerTest {
    private static final String PARENT = "berth-runtime-test";
    private static BusyboxRootfs fs;

    @BeforeAll
    static void setUp() throws Exception {
        fs = BusyboxRootfs.create();
    }

    @AfterAll
    static void tearDown() throws Exception {
        fs.close();
        for (Path dir : cgroupDirs(PARENT)) {
            Files.deleteIfExists(dir);
        }
    }

    /** The directory of {@code relative} in every hierarchy that has it (v1 controllers or v2). */
    private static List<Path> cgroupDirs(String relative) throws IOException {
        try (Stream<Path> roots = Files.list(Path.of("/sys/fs/cgroup"))) {
            List<Path> list = roots.filter(Files::isDirectory).map(r -> r.resolve(relative))
                    .filter(Files::isDirectory).toList();
            if (Files.exists(Path.of("/sys/fs/cgroup", relative))) {
                return Stream.concat(list.stream(), Stream.of(Path.of("/sys/fs/cgroup", relative))).toList();
            }
            return list;
        }
    }

    @Test
    void containerLivesInItsCgroup() throws Exception {
        Spec spec = TestSpecs.ctrDefault(fs.rootfs, "cg", "/bin/sh", "-c", "sleep 1000 & wait");
        spec = spec.withLinux(spec.linux().withCgroupsPath("/" + PARENT + "/cg"));
        Container c = Container.create("cg", fs.bundle, spec, Stdio.discard());
        try {
            assertThat(cgroupDirs(PARENT + "/cg")).isNotEmpty();
            c.start();
            ContainerProcess e = c.exec("e", ProcessSpec.of(List.of("/bin/sleep", "1000"), List.of(), "/"),
                    Stdio.discard());
            // sh, its background sleep and the exec'd sleep
            while (c.processes().size() < 3) {
                Thread.sleep(20);
            }
            assertThat(c.processes()).contains(c.init().pid(), e.pid()).hasSize(3);

            c.pause();
            assertThat(c.state().status()).isEqualTo(ContainerState.Status.PAUSED);
            assertThatThrownBy(c::pause).isInstanceOf(FailedPreconditionException.class);
            c.resume();
            assertThat(c.state().status()).isEqualTo(ContainerState.Status.RUNNING);

            c.update(new Resources(null, null, null, new Resources.Pids(64), null, null, null, null));
            assertThat(c.stats()).isNotNull();
            assertThat(c.stats().toProto()).isNotNull();

            c.kill(9, true);
            assertThat(c.exit().get().code()).isEqualTo(137);
            assertThat(e.exit().get().code()).isEqualTo(137);
        } finally {
            c.destroy();
        }
        assertThat(cgroupDirs(PARENT + "/cg")).isEmpty();
    }

    @Test
    void noCgroupMeansNoPause() throws Exception {
        Container c = Container.create("nocg", fs.bundle, TestSpecs.ctrDefault(fs.rootfs, "nocg", "/bin/sleep", "9"),
                Stdio.discard());
        try {
            c.start();
            assertThatThrownBy(c::pause).isInstanceOf(FailedPreconditionException.class)
                    .hasMessageContaining("has no cgroup");
            assertThat(c.processes()).containsExactly(c.init().pid());
        } finally {
            c.destroy();
        }
    }
}
