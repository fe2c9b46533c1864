package io.berth.ctr.format;

import io.berth.api.validation.GoQuote;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of logrus's text format as ctr writes it to a non-terminal stderr, e.g. {@code
 * time="2026-11-23T09:24:41Z" level=error msg="unable to delete x" error="..."}: time, level and
 * message first, then the other fields sorted by key; values quoted Go-style when they hold
 * anything but letters, digits and {@code -._/@^+}.
 */
public final class LogLine {

  /** logrus level names. */
  public enum Level {
    ERROR("error"),
    WARNING("warning"),
    INFO("info");

    private final String text;

    Level(String text) {
      this.text = text;
    }
  }

  private LogLine() {}

  public static String format(
      Instant time, ZoneId zone, Level level, String message, Map<String, String> fields) {
    StringBuilder sb = new StringBuilder();
    pair(sb, "time", GoTime.rfc3339(time, zone));
    pair(sb, "level", level.text);
    if (!message.isEmpty()) {
      pair(sb, "msg", message);
    }
    new TreeMap<>(fields).forEach((k, v) -> pair(sb, k, v));
    return sb.append('\n').toString();
  }

  private static void pair(StringBuilder sb, String key, String value) {
    if (!sb.isEmpty()) {
      sb.append(' ');
    }
    sb.append(key).append('=').append(needsQuoting(value) ? GoQuote.quote(value) : value);
  }

  private static boolean needsQuoting(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      boolean plain =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '-'
              || ch == '.'
              || ch == '_'
              || ch == '/'
              || ch == '@'
              || ch == '^'
              || ch == '+';
      if (!plain) {
        return true;
      }
    }
    return false;
  }
}
