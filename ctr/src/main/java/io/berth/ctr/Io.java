package io.berth.ctr;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What a CLI invocation reads from and writes to its surroundings: standard output and error, the
 * environment, the working directory, the clock, the local time zone and standard input. Tests
 * pass their own. {@code process} tells whether these are the JVM process's own streams: only
 * then does a command forward the process's signals to a task or put the terminal in raw mode.
 */
public record Io(
    PrintStream out,
    PrintStream err,
    Map<String, String> env,
    String cwd,
    Clock clock,
    ZoneId zone,
    InputStream in,
    boolean process) {

  public Io {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(in, "in");
  }

  /** Streams of a test or an embedding program: empty standard input, no signals, no terminal. */
  public Io(PrintStream out, PrintStream err, Map<String, String> env, String cwd, Clock clock, ZoneId zone) {
    this(out, err, env, cwd, clock, zone, InputStream.nullInputStream(), false);
  }

  /** These streams with {@code in} as standard input. */
  public Io withIn(InputStream in) {
    return new Io(out, err, env, cwd, clock, zone, in, process);
  }

  /** The process's own streams (UTF-8), environment, working directory, clock and zone. */
  public static Io system() {
    return new Io(
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
        System.getenv(),
        System.getProperty("user.dir"),
        Clock.systemUTC(),
        ZoneId.systemDefault(),
        new FileInputStream(FileDescriptor.in),
        true);
  }
}
