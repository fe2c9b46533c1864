package io.berth.daemon.logging;

import io.berth.daemon.config.LogLevel;
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

  /** Libraries whose INFO chatter is noise for a daemon operator; shown from DEBUG on. */
  private static final String[] CHATTY = {"io.grpc", "io.netty"};

  /**
   * Netty's bootstrap warns on every accepted connection that a unix socket has no TCP
   * keep-alive option (gRPC sets it for every transport); shown only at TRACE.
   */
  private static final String BOOTSTRAP = "io.netty.bootstrap";

  // Strong references: java.util.logging holds loggers weakly, and a collected logger loses
  // its level.
  private static final Logger[] CONFIGURED = new Logger[CHATTY.length + 2];

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
    root.setLevel(level.julLevel());
    CONFIGURED[0] = root;
    Level libraries =
        level.julLevel().intValue() <= Level.FINE.intValue() ? level.julLevel() : Level.WARNING;
    for (int i = 0; i < CHATTY.length; i++) {
      Logger l = Logger.getLogger(CHATTY[i]);
      l.setLevel(libraries);
      CONFIGURED[i + 1] = l;
    }
    Logger bootstrap = Logger.getLogger(BOOTSTRAP);
    bootstrap.setLevel(level == LogLevel.TRACE ? Level.FINEST : Level.SEVERE);
    CONFIGURED[CHATTY.length + 1] = bootstrap;
  }

  /** Flushes the stderr handler; the last step of shutdown. */
  public static void flush() {
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.flush();
    }
  }
}
