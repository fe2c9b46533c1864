package io.berth.daemon;

import io.berth.api.errors.BerthException;
import io.berth.daemon.config.ConfigException;
import io.berth.daemon.config.ConfigFile;
import io.berth.daemon.config.DaemonConfig;
import io.berth.daemon.config.LogLevel;
import io.berth.daemon.logging.DaemonLogging;
import io.berth.daemon.server.UnixSocketServer;
import io.berth.daemon.version.BuildInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * berthd: a {@link Berth} served over gRPC on a unix socket, speaking containerd 1.6's v1 API,
 * and the shims' ttrpc events socket next to it ({@code <address>.ttrpc}). Runs until SIGTERM or
 * SIGINT, then stops serving, closes the stores and removes the sockets.
 * Exits 1 at once, with one line on stderr, when it cannot start (e.g. another berthd holds the
 * root).
 */
@Command(
    name = "berthd",
    mixinStandardHelpOptions = true,
    versionProvider = Berthd.Version.class,
    description = "Serves containerd 1.6's v1 API on a unix socket.",
    sortOptions = false)
public final class Berthd implements Callable<Integer> {

  @Option(names = "--root", paramLabel = "DIR",
      description = "Persistent data (metadata, snapshots, content). Default: /var/lib/berth")
  Path root;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Ephemeral data (task bundles). Default: /run/berth")
  Path state;

  @Option(names = "--address", paramLabel = "SOCKET",
      description = "The gRPC unix socket. Default: /run/berth/berthd.sock")
  Path address;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A TOML config file (root, state, [grpc] address, [debug] level); "
          + "flags win over it.")
  Path config;

  @Option(names = "--log-level", paramLabel = "LEVEL", converter = LevelConverter.class,
      description = "trace, debug, info, warn or error. Default: info")
  LogLevel logLevel;

  @Option(names = "--shim-pool", paramLabel = "N",
      description = "Started, idle shims kept ready for new tasks (0 disables). Default: 2")
  Integer shimPool;

  private static final System.Logger LOG = logger();

  public static void main(String[] args) {
    // netty's sampling leak detector records a stack trace for some buffers of every call; berthd
    // releases its buffers through grpc, so the detector is only overhead here
    io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    int code = new CommandLine(new Berthd()).execute(args);
    System.exit(code);
  }

  // java.util.logging must learn its manager before any logger exists: before LOG.
  private static System.Logger logger() {
    DaemonLogging.installManager();
    return System.getLogger(Berthd.class.getName());
  }

  @Override
  public Integer call() {
    DaemonConfig settings;
    try {
      ConfigFile file = config == null ? ConfigFile.EMPTY : ConfigFile.read(config);
      settings = DaemonConfig.merge(new ConfigFile(root, state, address, logLevel, shimPool), file);
    } catch (ConfigException e) {
      return fail(e.getMessage());
    }
    DaemonLogging.configure(settings.logLevel());
    try {
      run(settings);
      return 0;
    } catch (BerthException e) {
      return fail(e.detail());
    } catch (UncheckedIOException e) {
      return fail(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while starting");
    }
  }

  private static void run(DaemonConfig settings) throws InterruptedException {
    createDirectory(settings.state());
    Berth berth = Berth.open(settings.root(), settings.state(), settings.address(), settings.shimPool());
    GrpcServices services;
    UnixSocketServer server;
    try {
      services = GrpcServices.of(berth, BuildInfo.current());
      server = UnixSocketServer.start(settings.address(), services::addTo, services::place);
    } catch (RuntimeException e) {
      berth.close();
      throw e;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stopRequested.countDown());
    }
    services.serving();
    LOG.log(Level.INFO, "berthd " + BuildInfo.current().version() + " serving on "
        + settings.address() + " (root " + settings.root() + ", state " + settings.state() + ")");
    // SIGTERM and SIGINT are a clean stop, so berthd then exits 0 as containerd does (not 143)
    stopRequested.await();
    stop(services, server, berth);
  }

  private static void stop(GrpcServices services, UnixSocketServer server, Berth berth) {
    LOG.log(Level.INFO, "stopping");
    try {
      services.stopping();
      server.close();
      berth.close();
      LOG.log(Level.INFO, "stopped");
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "error while stopping: " + e, e);
    } finally {
      DaemonLogging.flush();
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  private static int fail(String message) {
    System.err.println("berthd: " + message);
    System.err.flush();
    return 1;
  }

  static final class LevelConverter implements CommandLine.ITypeConverter<LogLevel> {
    @Override
    public LogLevel convert(String value) {
      try {
        return LogLevel.parse(value);
      } catch (ConfigException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildInfo b = BuildInfo.current();
      return new String[] {"berthd " + b.version() + " (" + b.revision() + ")"};
    }
  }
}
