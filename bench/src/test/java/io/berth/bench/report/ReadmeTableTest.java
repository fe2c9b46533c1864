package io.berth.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeTableTest {

  private static final String MD = """
      # Berth benchmarks, 2026-12-06T06:00:00Z

      Mode: full, 5 recorded repetitions.

      Environment: cores 2; load average before 9.1 9.0 8.8.

      | Workload | Berth | containerd | Berth / containerd | Target |
      |---|---:|---:|---:|:---:|
      | tasks.run-rm p50 of 10 | 300 ms ±5% | 400 ms ±3% | 0.75× | ≤1× met |

      Noise: the median spread is 10%.

      How to read: lower is better for ms.
      """;

  @Test
  void theBlockHasTheSourceEnvironmentTableNoiseAndHowToRead() {
    String block = ReadmeTable.block(MD, "bench-results/2026-12-06-060000.md");
    assertThat(block).startsWith(ReadmeTable.START + "\n").endsWith(ReadmeTable.END);
    assertThat(block).contains("Latest full run: [Berth benchmarks, 2026-12-06T06:00:00Z]"
        + "(bench-results/2026-12-06-060000.md). Environment: cores 2;");
    assertThat(block).contains("| Workload | Berth |").contains("|---|---:|")
        .contains("| tasks.run-rm p50 of 10 | 300 ms ±5% |");
    assertThat(block).contains("\nNoise: the median spread is 10%.\n")
        .contains("\nHow to read: lower is better for ms.\n");
    assertThat(block).doesNotContain("Mode: full");
  }

  @Test
  void replaceKeepsWhatSurroundsTheMarkers() {
    String readme = "# R\n\n## Benchmarks\n\ntext\n\n" + ReadmeTable.START + "\nold table\n"
        + ReadmeTable.END + "\n\n## Next\n";
    String out = ReadmeTable.replace(readme, ReadmeTable.START + "\nnew\n" + ReadmeTable.END);
    assertThat(out).isEqualTo("# R\n\n## Benchmarks\n\ntext\n\n" + ReadmeTable.START + "\nnew\n"
        + ReadmeTable.END + "\n\n## Next\n");
    assertThatThrownBy(() -> ReadmeTable.replace("# no markers\n", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bench-table:start");
  }

  @Test
  void updatePicksTheNewestFullRunOfEveryWorkloadOnBothDaemons(@TempDir Path dir)
      throws IOException {
    Path results = Files.createDirectories(dir.resolve("bench-results"));
    run(results, "2026-12-01-000000", "full", "all", "[\"berth\",\"containerd\"]", "old full");
    run(results, "2026-12-02-000000", "full", "containers", "[\"berth\",\"containerd\"]",
        "partial");
    run(results, "2026-12-03-000000", "quick", "all", "[\"berth\",\"containerd\"]", "quick");
    run(results, "2026-12-04-000000", "full", "all", "[\"berth\"]", "berth only");
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "intro\n" + ReadmeTable.START + "\n" + ReadmeTable.END + "\nend\n");

    Path md = ReadmeTable.update(readme, results);

    assertThat(md.getFileName().toString()).isEqualTo("2026-12-01-000000.md");
    String out = Files.readString(readme);
    assertThat(out).contains("](bench-results/2026-12-01-000000.md)").contains("| old full |")
        .startsWith("intro\n").endsWith("\nend\n");
  }

  @Test
  void updateFailsWithoutAFullRun(@TempDir Path dir) throws IOException {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, ReadmeTable.START + ReadmeTable.END);
    assertThatThrownBy(() -> ReadmeTable.update(readme, dir))
        .isInstanceOf(IOException.class).hasMessageContaining("no full run");
  }

  private static void run(Path dir, String stamp, String mode, String selection,
      String targets, String cell) throws IOException {
    Files.writeString(dir.resolve(stamp + ".json"), "{\"mode\":\"" + mode
        + "\",\"selection\":\"" + selection + "\",\"targets\":" + targets + "}");
    Files.writeString(dir.resolve(stamp + ".md"), "# Berth benchmarks, " + stamp + "\n\n| "
        + cell + " |\n");
  }
}
