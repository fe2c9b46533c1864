package io.berth.ctr.compare;

import io.berth.ctr.Run;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs each step with the real {@code ctr} and with {@code berth} (in-process) against the same
 * daemon and records every step whose normalized stdout, stderr or success differ. Steps that
 * change state name mirrored objects: a {@code {x}} in an argument becomes {@code x-ctr} for ctr
 * and {@code x-berth} for berth, and is put back as {@code {x}} in both outputs. ctr exits 1 for
 * every error while berth's status names the error class, so only success versus failure is
 * compared.
 */
final class SideBySide {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9]+)\\}");
  private static final Pattern LOG_TIME = Pattern.compile("time=\"[^\"]*\"");
  private static final Pattern RFC3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern RANDOM_LEASE = Pattern.compile("(?<![\\w-])\\d{1,9}-[A-Za-z0-9_-]{4}(?![\\w-])");

  private final Path socket;
  private final List<String> differences = new ArrayList<>();
  private final List<String> mirrored = new ArrayList<>();
  private int steps;

  SideBySide(Path socket) {
    this.socket = socket;
  }

  /** One step on both tools, with mirrored names; returns berth's run. */
  Run step(String... args) {
    return run(true, args);
  }

  /**
   * A step printing {@code k=v,...} in Go's random map order ({@code c label}): the pairs are
   * compared sorted.
   */
  Run stepWithMapOrder(String... args) {
    return run(true, true, args);
  }

  /**
   * A read-only step over global state (e.g. {@code ns ls}), which both tools see alike: compared
   * as printed, mirrored names included.
   */
  Run read(String... args) {
    return run(false, false, args);
  }

  private Run run(boolean mirror, String... args) {
    return run(mirror, false, args);
  }

  private Run run(boolean mirror, boolean mapOrder, String... args) {
    steps++;
    Run ctr = CtrProcess.run(socket, expand(args, "ctr"));
    Run berth =
        Run.berth(Map.of("BERTH_ADDRESS", socket.toString()), ZoneId.systemDefault(), expand(args, "berth").toArray(String[]::new));
    String co = normalize(mapOrder ? sortPairs(ctr.stdout()) : ctr.stdout(), mirror ? "ctr" : null);
    String ce = normalize(ctr.stderr(), mirror ? "ctr" : null);
    String bo = normalize(mapOrder ? sortPairs(berth.stdout()) : berth.stdout(), mirror ? "berth" : null);
    String be = normalize(berth.stderr().replaceAll("(?m)^berth: ", "ctr: "), mirror ? "berth" : null);
    if (!co.equals(bo) || !ce.equals(be) || (ctr.exitCode() == 0) != (berth.exitCode() == 0)) {
      differences.add(
          "=== step: " + String.join(" ", args) + "\n--- ctr [exit " + ctr.exitCode() + "]\n" + co + "--- ctr stderr\n" + ce
              + "--- berth [exit " + berth.exitCode() + "]\n" + bo + "--- berth stderr\n" + be);
    }
    return berth;
  }

  private List<String> expand(String[] args, String side) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      var m = PLACEHOLDER.matcher(a);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        if (!mirrored.contains(m.group(1))) {
          mirrored.add(m.group(1));
        }
        m.appendReplacement(sb, m.group(1) + "-" + side);
      }
      m.appendTail(sb);
      out.add(sb.toString());
    }
    return out;
  }

  private static String sortPairs(String text) {
    return text.lines().map(l -> String.join(",", java.util.Arrays.stream(l.split(",")).sorted().toList()) + "\n")
        .reduce("", String::concat);
  }

  String normalize(String text, String side) {
    String s = text;
    for (String name : side == null ? List.<String>of() : mirrored) {
      s = s.replace(name + "-" + side, "{" + name + "}");
    }
    s = LOG_TIME.matcher(s).replaceAll("time=<T>");
    s = RFC3339.matcher(s).replaceAll("<T>");
    return RANDOM_LEASE.matcher(s).replaceAll("<LEASE>");
  }

  int steps() {
    return steps;
  }

  List<String> differences() {
    return List.copyOf(differences);
  }
}
