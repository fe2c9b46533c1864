package io.berth.daemon.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {

  private static final Path SOURCE = Path.of("src/main/resources" + JvmOptions.RESOURCE);

  @Test
  void parseSkipsCommentsAndBlankLinesAndSplitsWords() {
    assertThat(JvmOptions.parse("# heading\n\n-Xms8m -Xmx1g  # sizes\n  -XX:+UseSerialGC\n#-Xint\n"))
        .containsExactly("-Xms8m", "-Xmx1g", "-XX:+UseSerialGC");
  }

  @Test
  void theClassPathCopyIsTheFileBinBerthdPasses() throws IOException {
    assertThat(JvmOptions.berthd()).isEqualTo(JvmOptions.parse(Files.readString(SOURCE)));
  }

  /** A misspelt or removed option makes the JVM refuse to start, both as parsed and as java's @file. */
  @Test
  void thisJdkAcceptsTheOptions() throws IOException, InterruptedException {
    assertThat(JvmOptions.berthd()).contains("-XX:+UseSerialGC");
    List<String> parsed = new ArrayList<>(List.of(java()));
    parsed.addAll(JvmOptions.berthd());
    parsed.add("-version");
    assertThat(run(parsed)).isZero();
    assertThat(run(List.of(java(), "@" + SOURCE.toAbsolutePath(), "-version"))).isZero();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("java -version did not end within 60 s: " + cmd);
    }
    if (p.exitValue() != 0) {
      System.err.println(new String(out, StandardCharsets.UTF_8));
    }
    return p.exitValue();
  }
}
