package io.berth.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import io.berth.shim.aot.AotCache;
import io.berth.shim.init.InitMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The AOT cache of a JVM command: built by a training run, and replaced once its jars change. */
class AotCacheTest {

    @Test
    void aCacheIsBuiltOnceAndRebuiltWhenAJarChanges() throws Exception {
        Path dir = Files.createTempDirectory("berth-aot-test");
        try {
            // the init stage's jars, copied so that one can be "rebuilt"
            Path stage = Files.copy(codeSource(InitMain.class), dir.resolve("stage.jar"));
            Path jna = Files.copy(codeSource(Native.class), dir.resolve("jna.jar"));
            List<String> jvm = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=off", "--enable-native-access=ALL-UNNAMED",
                    "-cp", stage + ":" + jna);
            List<String> train = List.of(InitMain.class.getName(), "--train");
            List<Process> runs = new ArrayList<>();

            AotCache first = AotCache.of(dir, "stage", jvm);
            assertThat(first.existing()).isEmpty();
            assertThat(first.apply(jvm)).isEqualTo(jvm);
            assertThat(first.build(jvm, train, Duration.ofMinutes(3), runs::add)).isTrue();
            assertThat(first.existing()).contains(first.file());
            assertThat(first.apply(jvm)).contains("-XX:AOTCache=" + first.file());
            assertThat(runs).hasSize(1);
            // current: no second training run
            assertThat(AotCache.of(dir, "stage", jvm).build(jvm, train, Duration.ofMinutes(3), runs::add)).isTrue();
            assertThat(runs).hasSize(1);

            // the jar is rebuilt: the old cache is stale, a new one replaces it
            Files.setLastModifiedTime(stage, FileTime.from(Instant.now().plusSeconds(60)));
            AotCache second = AotCache.of(dir, "stage", jvm);
            assertThat(second.file()).isNotEqualTo(first.file());
            assertThat(second.existing()).isEmpty();
            assertThat(second.apply(jvm)).isEqualTo(jvm);
            assertThat(second.build(jvm, train, Duration.ofMinutes(3), runs::add)).isTrue();
            assertThat(runs).hasSize(2);
            assertThat(second.existing()).isPresent();
            assertThat(first.file()).doesNotExist();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stage-")))
                        .containsExactly(second.file().getFileName().toString());
            }

            // a JVM started with the cache runs normally
            List<String> cmd = new ArrayList<>(second.apply(jvm));
            cmd.addAll(train);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(output).isZero();
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Path codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
