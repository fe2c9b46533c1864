package io.berth.daemon.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record: UTC time to the millisecond, level, the logger's simple name and the
 * message; a stack trace, when there is one, follows on its own lines.
 *
 * <pre>2026-11-23T09:05:16.123Z INFO  Berthd: serving on /run/berth/berthd.sock</pre>
 */
public final class CompactFormatter extends Formatter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(128);
    line.append(TIME.format(record.getInstant())).append(' ');
    String level = levelName(record.getLevel());
    line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
    line.append(simpleName(record.getLoggerName())).append(": ");
    line.append(formatMessage(record).replace('\n', ' ')).append('\n');
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }

  static String levelName(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "ERROR";
    } else if (v >= Level.WARNING.intValue()) {
      return "WARN";
    } else if (v >= Level.INFO.intValue()) {
      return "INFO";
    } else if (v >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }

  private static String simpleName(String loggerName) {
    if (loggerName == null || loggerName.isEmpty()) {
      return "berthd";
    }
    return loggerName.substring(loggerName.lastIndexOf('.') + 1);
  }
}
