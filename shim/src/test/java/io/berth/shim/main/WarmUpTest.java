package io.berth.shim.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.shim.cgroups.Cgroups;
import io.berth.shim.cgroups.Hierarchy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up's scratch cgroups, in this host's real hierarchies. */
class WarmUpTest {

    @Test
    void scratchCgroupsOfShimsThatAreGoneAreRemovedAndOthersStay() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Cgroups cgroups = Cgroups.detect();
        List<Hierarchy> hierarchies = new ArrayList<>(cgroups.v1Hierarchies());
        cgroups.unified().ifPresent(hierarchies::add);
        List<Path> left = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        try {
            for (Hierarchy h : hierarchies) {
                left.add(Files.createDirectory(h.mountpoint().resolve("berth-rehearsal-" + gone.pid())));
                kept.add(Files.createDirectory(h.mountpoint().resolve(WarmUp.scratchCgroup().substring(1))));
            }
            assertThat(left).isNotEmpty();

            WarmUp.sweepScratchCgroups(cgroups);

            assertThat(left).allSatisfy(dir -> assertThat(dir).doesNotExist());
            assertThat(kept).allSatisfy(dir -> assertThat(dir).isDirectory());
        } finally {
            for (Path dir : concat(left, kept)) {
                Files.deleteIfExists(dir);
            }
        }
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
