package io.berth.shim.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pooled shim's rehearsal runs a task's code and leaves no directory, FIFO, cgroup or thread. */
@Tag("root")
@Timeout(120)
class TaskRehearsalTest {
    private static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    @Test
    void rehearsalLeavesNothingBehind() throws Exception {
        Path parent = Files.createTempDirectory("berth-rehearsal-test");
        String cgroup = "/berth-rehearsal-test-" + ProcessHandle.current().pid();
        try {
            TaskRehearsal.run(parent, cgroup);
            TaskRehearsal.run(parent, cgroup); // twice: the cgroup was removed, the name is free again

            try (Stream<Path> left = Files.list(parent)) {
                assertThat(left.toList()).isEmpty();
            }
            assertThat(cgroupDirs(cgroup)).isEmpty();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!stdioThreads().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20); // copier threads end once their streams do
            }
            assertThat(stdioThreads()).isEmpty();
        } finally {
            for (Path d : cgroupDirs(cgroup)) {
                Files.deleteIfExists(d);
            }
            Files.deleteIfExists(parent);
        }
    }

    /** The stdio copier threads of the rehearsal's process (named after it). */
    private static List<String> stdioThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("rehearsal")).toList();
    }

    private static List<Path> cgroupDirs(String cgroup) throws Exception {
        List<Path> out = new ArrayList<>();
        List<Path> roots = new ArrayList<>();
        roots.add(CGROUPS);
        try (Stream<Path> s = Files.list(CGROUPS)) {
            roots.addAll(s.toList());
        }
        for (Path r : roots) {
            Path d = r.resolve(cgroup.substring(1));
            if (Files.isDirectory(d)) {
                out.add(d);
            }
        }
        return out;
    }
}
