package io.berth.daemon.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * berthd's settings once flags, the config file and defaults are merged.
 *
 * @param root persistent data: metadata, snapshots, content (default {@code /var/lib/berth})
 * @param state ephemeral data: task bundles (default {@code /run/berth})
 * @param address the gRPC unix socket (default {@code /run/berth/berthd.sock})
 * @param logLevel the least severe level logged
 * @param shimPool started, idle shims kept ready for new tasks (default 2; 0 disables the pool)
 */
public record DaemonConfig(Path root, Path state, Path address, LogLevel logLevel, int shimPool) {

  public static final Path DEFAULT_ROOT = Path.of("/var/lib/berth");
  public static final Path DEFAULT_STATE = Path.of("/run/berth");
  public static final Path DEFAULT_ADDRESS = Path.of("/run/berth/berthd.sock");
  public static final LogLevel DEFAULT_LOG_LEVEL = LogLevel.INFO;
  public static final int DEFAULT_SHIM_POOL = 2;
  public static final int MAX_SHIM_POOL = 64;

  public DaemonConfig {
    root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    state = Objects.requireNonNull(state, "state").toAbsolutePath().normalize();
    address = Objects.requireNonNull(address, "address").toAbsolutePath().normalize();
    Objects.requireNonNull(logLevel, "logLevel");
    if (shimPool < 0 || shimPool > MAX_SHIM_POOL) {
      throw new ConfigException("shim pool size " + shimPool + " must be between 0 and " + MAX_SHIM_POOL);
    }
  }

  /** Settings with the default shim pool. */
  public DaemonConfig(Path root, Path state, Path address, LogLevel logLevel) {
    this(root, state, address, logLevel, DEFAULT_SHIM_POOL);
  }

  /** Every setting at its default. */
  public static DaemonConfig defaults() {
    return new DaemonConfig(DEFAULT_ROOT, DEFAULT_STATE, DEFAULT_ADDRESS, DEFAULT_LOG_LEVEL);
  }

  /**
   * Settings from three layers: a flag that was given wins over the file, the file over the
   * default. Null means "not given" in both {@code flags} and {@code file}.
   */
  public static DaemonConfig merge(ConfigFile flags, ConfigFile file) {
    DaemonConfig d = defaults();
    return new DaemonConfig(
        first(flags.root(), file.root(), d.root()),
        first(flags.state(), file.state(), d.state()),
        first(flags.address(), file.address(), d.address()),
        first(flags.logLevel(), file.logLevel(), d.logLevel()),
        first(flags.shimPool(), file.shimPool(), d.shimPool()));
  }

  private static <T> T first(T a, T b, T c) {
    return a != null ? a : b != null ? b : c;
  }
}
