package io.berth.integration.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.integration.harness.Berthd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** berthd as an operator sees it: the sockets, the root lock, the shutdown. */
class BerthdProcessTest {

  @Test
  void secondDaemonOnOneRootExitsAtOnceAndShutdownCleansUp() throws Exception {
    try (Berthd first = new Berthd()) {
      first.start();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.socket())))
          .isEqualTo("rw-rw----");
      Path ttrpc = first.socket().resolveSibling(first.socket().getFileName() + ".ttrpc");
      // bound when the task service opens, before the gRPC socket
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ttrpc)))
          .as("the shims' ttrpc events socket").isEqualTo("rw-rw----");

      Path otherSocket = first.dir().resolve("second.sock");
      Process second = new ProcessBuilder(Berthd.javaCommand(
          "--root=" + first.root(), "--state=" + first.state(), "--address=" + otherSocket))
          .redirectErrorStream(true).start();
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("second berthd exits").isTrue();
      String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.exitValue()).isEqualTo(1);
      assertThat(out.strip().lines().toList()).containsExactly(
          "berthd: root " + first.root() + " is in use by another berthd (pid " + first.pid()
              + "): lock " + first.root().resolve("berthd.lock") + " is held");
      assertThat(otherSocket).doesNotExist();

      assertThat(first.alive()).isTrue();
      assertThat(first.stop()).as("exit status after SIGTERM").isZero();
      assertThat(first.socket()).doesNotExist();
      assertThat(ttrpc).doesNotExist();
      assertThat(Files.readString(first.log())).contains("INFO  Berthd: stopped");
    }
  }

  @Test
  void badConfigIsOneLine() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("berthd-config");
    try {
      Path config = dir.resolve("berthd.toml");
      Files.writeString(config, "[grpc]\nadress = \"/x\"\n");
      Process p = new ProcessBuilder(Berthd.javaCommand("--config=" + config,
          "--root=" + dir.resolve("root"))).redirectErrorStream(true).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).isEqualTo(1);
      assertThat(out.strip().lines().toList()).hasSize(1);
      assertThat(out.strip()).isEqualTo("berthd: config " + config + ": unknown key grpc.adress");
      assertThat(dir.resolve("root")).doesNotExist();
    } finally {
      io.berth.integration.harness.TempDirs.deleteRecursively(dir);
    }
  }
}
