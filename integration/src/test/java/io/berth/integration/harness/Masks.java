package io.berth.integration.harness;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Masks what legitimately differs between two daemons in otherwise identical output: timestamps,
 * uuids, and the private socket, root and state paths of each daemon (callers add those).
 */
public final class Masks {

  private Masks() {}

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      // logrus prefix on ctr's error lines: time="2026-11-23T09:05:16Z"
      new Rule(Pattern.compile("time=\"[^\"]*\""), "time=\"<TIME>\""),
      // RFC 3339 timestamps with optional fraction and zone
      new Rule(Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?( ?(Z|[+-]\\d{2}:?\\d{2}))?( UTC| \\+\\d{4} UTC)?"),
          "<TIME>"),
      new Rule(Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<UUID>"));

  /**
   * Each line's comma-separated items, sorted: for output printed in Go's random map order, such
   * as the labels {@code ctr c label} prints.
   */
  public static String sortCommaSeparated(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.split("\n", -1)) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(String.join(",", Arrays.stream(line.split(",", -1)).sorted().toList()));
    }
    return out.toString();
  }

  public static String apply(String text) {
    String s = text;
    for (Rule r : RULES) {
      s = r.pattern().matcher(s).replaceAll(r.replacement());
    }
    return s;
  }
}
