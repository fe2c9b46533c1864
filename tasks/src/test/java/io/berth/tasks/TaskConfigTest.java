package io.berth.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskConfigTest {

    @Test
    void theShimsClassPathKeepsOnlyWhatAShimLoads() {
        String berthd = String.join(":", List.of(
                "/b/daemon/target/berth-daemon.jar",
                "/b/daemon/target/lib/berth-api-0.1.0-SNAPSHOT.jar",
                "/b/daemon/target/lib/berth-shim-0.1.0-SNAPSHOT.jar",
                "/b/daemon/target/lib/berth-tasks-0.1.0-SNAPSHOT.jar",
                "/b/shim/target/berth-shim.jar",
                "/b/shim/target/classes",
                "/m2/grpc-netty-1.85.0.jar",
                "/m2/netty-common-4.2.17.Final.jar",
                "/m2/guava-33.6.0-jre.jar",
                "/m2/protobuf-java-4.33.2.jar",
                "/m2/protobuf-java-util-4.33.2.jar",
                "/m2/jna-5.17.0.jar",
                "/m2/jackson-core-2.20.1.jar",
                "/m2/jackson-databind-2.20.1.jar",
                "/m2/jackson-annotations-2.20.jar",
                "/m2/jackson-dataformat-toml-2.20.1.jar",
                "/m2/rocksdbjni-10.10.1.jar"));

        assertThat(TaskConfig.shimClassPath(berthd).split(":")).containsExactly(
                "/b/daemon/target/lib/berth-api-0.1.0-SNAPSHOT.jar",
                "/b/daemon/target/lib/berth-shim-0.1.0-SNAPSHOT.jar",
                "/b/shim/target/berth-shim.jar",
                "/b/shim/target/classes",
                "/m2/protobuf-java-4.33.2.jar",
                "/m2/jna-5.17.0.jar",
                "/m2/jackson-core-2.20.1.jar",
                "/m2/jackson-databind-2.20.1.jar",
                "/m2/jackson-annotations-2.20.jar");
    }
}
