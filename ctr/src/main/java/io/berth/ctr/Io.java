package io.berth.ctr;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What a CLI invocation reads from and writes to its surroundings: standard output and error, the
 * environment, the working directory, the clock and the local time zone. Tests pass their own.
 */
public record Io(
    PrintStream out, PrintStream err, Map<String, String> env, String cwd, Clock clock, ZoneId zone) {

  public Io {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(zone, "zone");
  }

  /** The process's own streams (UTF-8), environment, working directory, clock and zone. */
  public static Io system() {
    return new Io(
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
        System.getenv(),
        System.getProperty("user.dir"),
        Clock.systemUTC(),
        ZoneId.systemDefault());
  }
}
