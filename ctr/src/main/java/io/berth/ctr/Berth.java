package io.berth.ctr;

import io.berth.ctr.commands.ContainersCommand;
import io.berth.ctr.commands.EventsCommand;
import io.berth.ctr.commands.GoDurationConverter;
import io.berth.ctr.commands.LeasesCommand;
import io.berth.ctr.commands.NamespacesCommand;
import io.berth.ctr.commands.VersionCommand;
import io.berth.ctr.snapshots.SnapshotsCommand;
import io.berth.ctr.tasks.RunCommand;
import io.berth.ctr.tasks.KillCommand;
import io.berth.ctr.tasks.TasksCommand;
import io.grpc.Context;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code berth}, a client of berthd (or containerd) shaped like containerd 1.6's {@code ctr}: the
 * same commands, arguments, RPC sequences and output. The global options are declared here once
 * and inherited by every subcommand; each invocation builds one client ({@link Session}).
 */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = Berth.Version.class,
    description = "A ctr-compatible client of berthd and containerd 1.6.",
    footer = {
      "",
      "Exit status: 0 ok, 1 error, 2 usage, 3 invalid argument, 4 not found, 5 already exists,",
      "6 failed precondition, 7 unavailable, 8 not implemented, 9 deadline exceeded, 130 canceled."
    },
    subcommands = {
      VersionCommand.class,
      ContainersCommand.class,
      EventsCommand.class,
      LeasesCommand.class,
      NamespacesCommand.class,
      SnapshotsCommand.class,
      RunCommand.class,
      TasksCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Berth implements Callable<Integer> {

  /** berthd's socket when neither {@code -a} nor {@code BERTH_ADDRESS} says otherwise. */
  public static final String DEFAULT_ADDRESS = "/run/berth/berthd.sock";

  public static final String DEFAULT_NAMESPACE = "default";

  /** Output formats of {@code --format}. */
  public enum Format {
    table,
    json
  }

  @Option(
      names = {"-a", "--address"},
      scope = ScopeType.INHERIT,
      paramLabel = "ADDRESS",
      description = "address of the daemon's gRPC socket (default: ${DEFAULT-VALUE}) [$BERTH_ADDRESS]")
  String address;

  @Option(
      names = {"-n", "--namespace"},
      scope = ScopeType.INHERIT,
      paramLabel = "NAMESPACE",
      description = "namespace to use with commands (default: ${DEFAULT-VALUE}) [$BERTH_NAMESPACE]")
  String namespace;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "DURATION",
      converter = GoDurationConverter.class,
      description = "total timeout for commands, as a Go duration such as 10s (default: none)")
  Duration timeout;

  @Option(
      names = "--connect-timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "DURATION",
      converter = GoDurationConverter.class,
      description = "timeout for connecting to the daemon (default: 10s)")
  Duration connectTimeout;

  @Option(
      names = "--format",
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Format format;

  private final Io io;
  private Session session;

  public Berth() {
    this(Io.system());
  }

  public Berth(Io io) {
    this.io = io;
  }

  public static void main(String[] args) {
    // like ctr, which discards gRPC's logs, keep library logging off stderr
    java.util.logging.LogManager.getLogManager().reset();
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    Io io = Io.system();
    int code = new Berth(io).run(args);
    io.out().flush();
    io.err().flush();
    System.exit(code);
  }

  /** Runs one invocation and returns its exit status; never exits the JVM. */
  public int run(String... args) {
    CommandLine cl = commandLine();
    try {
      return cl.execute(args);
    } finally {
      closeSession();
      io.out().flush();
      io.err().flush();
    }
  }

  /** With no subcommand, berth prints its usage, as ctr does. */
  @Override
  public Integer call() {
    CommandLine.usage(this, io.out());
    return ExitCodes.OK;
  }

  /** The invocation's session, built on first use by a subcommand. */
  public synchronized Session session() {
    if (session == null) {
      session = new Session(address, namespace, connectTimeout, io);
    }
    return session;
  }

  public Io io() {
    return io;
  }

  public Format format() {
    return format;
  }

  public boolean json() {
    return format == Format.json;
  }

  private synchronized void closeSession() {
    if (session != null) {
      session.close();
      session = null;
    }
  }

  CommandLine commandLine() {
    CommandLine cl = new CommandLine(this);
    cl.setOut(new PrintWriter(io.out(), true));
    cl.setErr(new PrintWriter(io.err(), true));
    cl.setDefaultValueProvider(this::defaultValue);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionStrategy(this::executeWithTimeout);
    cl.setExecutionExceptionHandler(
        (error, command, parseResult) -> {
          io.out().flush();
          io.err().println("berth: " + ExitCodes.message(error));
          return ExitCodes.of(error);
        });
    cl.setParameterExceptionHandler(this::usageError);
    // like ctr run, everything after the rootfs or image is the container's command line
    cl.getSubcommands().get("containers").getSubcommands().get("create").setStopAtPositional(true);
    cl.getSubcommands().get("run").setStopAtPositional(true);
    cl.getSubcommands().get("tasks").getSubcommands().get("exec").setStopAtPositional(true);
    // ctr's `tasks kill -a` means --all there; the global -a stays --address everywhere else
    KillCommand.takeShortAll(cl.getSubcommands().get("tasks").getSubcommands().get("kill"));
    return cl;
  }

  private String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option) {
      return switch (option.longestName()) {
        case "--address" -> env("BERTH_ADDRESS", DEFAULT_ADDRESS);
        case "--namespace" -> env("BERTH_NAMESPACE", DEFAULT_NAMESPACE);
        default -> null;
      };
    }
    return null;
  }

  private String env(String name, String fallback) {
    String v = io.env().get(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  private int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    io.err().println("berth: " + e.getMessage());
    cmd.usage(io.err());
    return ExitCodes.USAGE;
  }

  // --timeout bounds every call of the invocation, as ctr's context deadline does
  private int executeWithTimeout(ParseResult parseResult) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      return new CommandLine.RunLast().execute(parseResult);
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    Context.CancellableContext ctx =
        Context.current().withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS, timer);
    try {
      return ctx.call(() -> new CommandLine.RunLast().execute(parseResult));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      ctx.cancel(null);
      timer.shutdownNow();
    }
  }

  /** {@code berth --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"berth " + BuildInfo.version()};
    }
  }
}
