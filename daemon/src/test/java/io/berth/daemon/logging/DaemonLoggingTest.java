package io.berth.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.daemon.config.LogLevel;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DaemonLoggingTest {

  @AfterEach
  void reset() {
    DaemonLogging.configure(LogLevel.INFO);
  }

  @Test
  void debugShowsBerthButNotLibraryChatter() {
    DaemonLogging.configure(LogLevel.DEBUG);
    assertThat(Logger.getLogger("io.berth.daemon.X").isLoggable(Level.FINE)).isTrue();
    assertThat(Logger.getLogger("io.netty.handler.X").isLoggable(Level.INFO)).isFalse();
    assertThat(Logger.getLogger("io.grpc.X").isLoggable(Level.WARNING)).isTrue();
    assertThat(Logger.getLogger("java.lang.ProcessBuilder").isLoggable(Level.FINE)).isFalse();
    assertThat(Logger.getLogger("io.netty.bootstrap.ServerBootstrap").isLoggable(Level.WARNING))
        .isFalse();
  }

  @Test
  void traceShowsEverything() {
    DaemonLogging.configure(LogLevel.TRACE);
    assertThat(Logger.getLogger("io.netty.handler.X").isLoggable(Level.FINEST)).isTrue();
    assertThat(Logger.getLogger("io.berth.X").isLoggable(Level.FINEST)).isTrue();
  }

  @Test
  void errorHidesWarnings() {
    DaemonLogging.configure(LogLevel.ERROR);
    assertThat(Logger.getLogger("io.berth.X").isLoggable(Level.WARNING)).isFalse();
    assertThat(Logger.getLogger("io.grpc.X").isLoggable(Level.WARNING)).isFalse();
    assertThat(Logger.getLogger("io.berth.X").isLoggable(Level.SEVERE)).isTrue();
  }

  @Test
  void oneCompactLinePerRecord() {
    LogRecord r = new LogRecord(Level.WARNING, "socket {0}\nremoved");
    r.setParameters(new Object[] {"/run/x.sock"});
    r.setLoggerName("io.berth.daemon.server.UnixSocketServer");
    r.setInstant(Instant.parse("2026-11-23T09:05:16.123456Z"));
    assertThat(new CompactFormatter().format(r))
        .isEqualTo(
            "2026-11-23T09:05:16.123Z WARN  UnixSocketServer: socket /run/x.sock removed\n");
    r.setThrown(new IllegalStateException("boom"));
    assertThat(new CompactFormatter().format(r))
        .contains("removed\njava.lang.IllegalStateException: boom\n\tat ");
  }
}
