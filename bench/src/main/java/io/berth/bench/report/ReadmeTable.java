package io.berth.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the README's benchmark table current: the block between {@link #START} and {@link #END}
 * is rewritten from the newest full run of every workload on berthd and containerd in the
 * result directory ({@code bin/bench --readme}).
 */
public final class ReadmeTable {

  public static final String START =
      "<!-- bench-table:start (bin/bench --readme rewrites this) -->";
  public static final String END = "<!-- bench-table:end -->";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReadmeTable() {}

  /**
   * The newest {@code <stamp>.json} of {@code dir} from a full run of every workload with both
   * daemons measured, with its Markdown beside it.
   */
  public static Optional<Path> latestFull(Path dir) throws IOException {
    List<Path> runs;
    try (Stream<Path> files = Files.list(dir)) {
      runs = files.filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    }
    for (Path json : runs) {
      Path md = markdownOf(json);
      if (Files.exists(md) && isFullRun(JSON.readTree(json.toFile()))) {
        return Optional.of(json);
      }
    }
    return Optional.empty();
  }

  static boolean isFullRun(JsonNode run) {
    List<String> targets = new ArrayList<>();
    run.path("targets").forEach(t -> targets.add(t.asText()));
    return run.path("mode").asText().equals("full")
        && run.path("selection").asText().equals(Report.ALL_WORKLOADS)
        && targets.contains(Row.BERTH) && targets.contains(Row.CONTAINERD);
  }

  public static Path markdownOf(Path json) {
    String name = json.getFileName().toString();
    return json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".md");
  }

  /**
   * The README block for a report: where it comes from, the table, the noise paragraph and the
   * how-to-read paragraph. {@code link} is the report's path relative to the README.
   */
  static String block(String markdown, String link) {
    List<String> lines = markdown.lines().toList();
    StringBuilder b = new StringBuilder(START).append('\n');
    String title = lines.isEmpty() ? "" : lines.getFirst().replaceFirst("^#+\\s*", "");
    b.append("Latest full run: [").append(title).append("](").append(link).append(")");
    lines.stream().filter(l -> l.startsWith("Environment: ")).findFirst()
        .ifPresent(l -> b.append(". ").append(l));
    b.append("\n\n");
    lines.stream().filter(l -> l.startsWith("|")).forEach(l -> b.append(l).append('\n'));
    for (String prefix : List.of("Noise: ", "How to read: ")) {
      lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
          .ifPresent(l -> b.append('\n').append(l).append('\n'));
    }
    return b.append(END).toString();
  }

  /** {@code readme} with the text between the markers (markers included) replaced by block. */
  static String replace(String readme, String block) {
    int start = readme.indexOf(START);
    int end = readme.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("the README has no " + START + " ... " + END
          + " block");
    }
    return readme.substring(0, start) + block + readme.substring(end + END.length());
  }

  /** Rewrites the README's block from the newest full run in {@code results}; returns it. */
  public static Path update(Path readme, Path results) throws IOException {
    Path json = latestFull(results).orElseThrow(() -> new IOException("no full run of every "
        + "workload on berthd and containerd in " + results + " (run bin/bench first)"));
    Path md = markdownOf(json);
    String link = readme.toAbsolutePath().getParent().relativize(md.toAbsolutePath()).toString();
    String text = Files.readString(readme);
    Files.writeString(readme, replace(text, block(Files.readString(md), link)));
    return md;
  }
}
