package io.berth.ctr;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Runs {@link Berth} in-process with captured output, for tests. */
public record Run(List<String> args, String stdout, String stderr, int exitCode) {

  /** Output captured while a command runs; readable at any time. */
  public static final class Capture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    public Io io(Map<String, String> env, ZoneId zone) {
      return new Io(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          env,
          System.getProperty("user.dir"),
          Clock.systemUTC(),
          zone);
    }

    public synchronized String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  public static Run berth(Map<String, String> env, String... args) {
    return berth(env, ZoneId.of("UTC"), args);
  }

  public static Run berth(Map<String, String> env, ZoneId zone, String... args) {
    Capture c = new Capture();
    int code = new Berth(c.io(env, zone)).run(args);
    return new Run(List.of(args), c.stdout(), c.stderr(), code);
  }

  public String transcript() {
    return "$ berth " + String.join(" ", args) + "\n[exit " + exitCode + "]\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}
