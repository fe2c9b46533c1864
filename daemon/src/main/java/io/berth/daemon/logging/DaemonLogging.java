package io.berth.daemon.logging;

import io.berth.daemon.config.LogLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sends berthd's logs (its own System.Logger calls and gRPC's and Netty's java.util.logging) to
 * stderr in the {@link CompactFormatter} format.
 */
public final class DaemonLogging {

  /**
   * Libraries whose INFO and DEBUG chatter (HTTP/2 frames, allocator choices) is noise for an
   * operator: shown only at TRACE.
   */
  private static final String[] CHATTY = {"io.grpc", "io.netty"};

  /**
   * Netty's bootstrap warns on every accepted connection that a unix socket has no TCP
   * keep-alive option (gRPC sets it for every transport); shown only at TRACE.
   */
  private static final String BOOTSTRAP = "io.netty.bootstrap";

  // Strong references: java.util.logging holds loggers weakly, and a collected logger loses
  // its level.
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  private DaemonLogging() {}

  /**
   * Installs {@link DaemonLogManager}. Must run before anything creates a logger, i.e. first in
   * {@code main}; does nothing if a manager was already chosen.
   */
  public static void installManager() {
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", DaemonLogManager.class.getName());
    }
  }

  /** Routes every log record at {@code level} or above to stderr, one line each. */
  public static synchronized void configure(LogLevel level) {
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler stderr = new ConsoleHandler();
    stderr.setFormatter(new CompactFormatter());
    stderr.setLevel(Level.ALL);
    root.addHandler(stderr);
    boolean trace = level == LogLevel.TRACE;
    // Berth's own loggers at the chosen level; the JDK's and the libraries' quieter.
    Level chosen = level.julLevel();
    root.setLevel(trace ? Level.ALL : atLeast(chosen, Level.INFO));
    CONFIGURED.clear();
    CONFIGURED.add(root);
    set("io.berth", chosen);
    for (String name : CHATTY) {
      set(name, trace ? Level.ALL : atLeast(chosen, Level.WARNING));
    }
    set(BOOTSTRAP, trace ? Level.ALL : Level.SEVERE);
  }

  private static void set(String name, Level level) {
    Logger l = Logger.getLogger(name);
    l.setLevel(level);
    CONFIGURED.add(l);
  }

  private static Level atLeast(Level level, Level floor) {
    return level.intValue() >= floor.intValue() ? level : floor;
  }

  /** Flushes the stderr handler; the last step of shutdown. */
  public static void flush() {
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.flush();
    }
  }
}
