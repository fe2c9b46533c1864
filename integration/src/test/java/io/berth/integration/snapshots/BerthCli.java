package io.berth.integration.snapshots;

import io.berth.ctr.Berth;
import io.berth.ctr.Io;
import io.berth.integration.harness.Ctr;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code berth} CLI run in-process against a socket, its output captured. */
final class BerthCli {

  private final Path socket;

  BerthCli(Path socket) {
    this.socket = socket;
  }

  /** {@code berth -a SOCKET args...}; the result's command reads {@code berth -a SOCKET ...}. */
  Ctr.Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Io io = new Io(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
        System.getProperty("user.dir"), Clock.systemUTC(), ZoneOffset.UTC);
    List<String> cmd = new ArrayList<>(List.of("berth", "-a", socket.toString()));
    cmd.addAll(List.of(args));
    int code = new Berth(io).run(cmd.subList(1, cmd.size()).toArray(String[]::new));
    return new Ctr.Result(List.copyOf(cmd), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8), code);
  }
}
