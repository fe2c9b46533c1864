package io.berth.daemon.logging;

import java.util.logging.LogManager;

/**
 * The JDK's LogManager resets (detaches every handler) from its own shutdown hook, racing the
 * daemon's shutdown hook, so the last lines berthd logs while stopping could be lost. This
 * manager ignores that reset; {@link DaemonLogging#flush()} is called at the end of the daemon's
 * shutdown instead. Installed through the {@code java.util.logging.manager} system property
 * before the first logger is created.
 */
public final class DaemonLogManager extends LogManager {

  @Override
  public void reset() {
    // Keep handlers attached for the whole life of the process (see class comment).
  }
}
