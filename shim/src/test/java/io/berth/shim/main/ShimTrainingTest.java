package io.berth.shim.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShimTrainingTest {

    @Test
    void removesOnlyTheDirectoriesOfLongGoneTrainingRuns(@TempDir Path tmp) throws Exception {
        Path killed = Files.createDirectories(tmp.resolve(ShimTraining.DIR_PREFIX + "1/bundle"));
        Files.writeString(killed.resolve("address"), "unix:///x");
        age(killed);
        age(killed.getParent());
        Path running = Files.createDirectories(tmp.resolve(ShimTraining.DIR_PREFIX + "2/bundle"));
        Path other = Files.createDirectories(tmp.resolve("someone-else"));
        age(other);

        ShimTraining.removeStale(tmp);

        assertThat(killed.getParent()).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(other).isDirectory();
    }

    private static void age(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(ShimTraining.STALE_AFTER).minusSeconds(60)));
    }
}
