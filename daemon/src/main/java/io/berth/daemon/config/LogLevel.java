package io.berth.daemon.config;

import io.berth.api.validation.GoQuote;
import java.util.Locale;
import java.util.logging.Level;

/** berthd's log levels, named as containerd's {@code --log-level} names them. */
public enum LogLevel {
  TRACE(Level.FINEST),
  DEBUG(Level.FINE),
  INFO(Level.INFO),
  WARN(Level.WARNING),
  ERROR(Level.SEVERE);

  private final Level julLevel;

  LogLevel(Level julLevel) {
    this.julLevel = julLevel;
  }

  /** The java.util.logging level this level lets through. */
  public Level julLevel() {
    return julLevel;
  }

  /**
   * The level named {@code name} (case-insensitive; {@code warning} is {@code warn}).
   *
   * @throws ConfigException naming the accepted levels
   */
  public static LogLevel parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("warning")) {
      return WARN;
    }
    for (LogLevel l : values()) {
      if (l.name().toLowerCase(Locale.ROOT).equals(n)) {
        return l;
      }
    }
    throw new ConfigException("log level " + GoQuote.quote(name)
        + " is not one of trace, debug, info, warn, error");
  }
}
