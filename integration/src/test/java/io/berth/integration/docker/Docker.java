package io.berth.integration.docker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker 20.10 client ({@code /usr/bin/docker}) against one private dockerd socket. Every
 * command has a deadline: past it the client is killed and the result says so.
 */
final class Docker {
  static final Path CLIENT = Path.of("/usr/bin/docker");

  private final Path socket;
  private final Path config;

  Docker(Path socket, Path config) {
    this.socket = socket;
    this.config = config;
  }

  /** {@code docker args...} with no stdin and a two-minute limit (the machine may be loaded). */
  Result run(String... args) {
    return run(null, 120, List.of(args));
  }

  Result runWithInput(File stdin, String... args) {
    return run(stdin, 120, List.of(args));
  }

  Result run(File stdin, long timeoutSeconds, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(CLIENT.toString());
    cmd.add("--config");
    cmd.add(config.toString());
    cmd.add("-H");
    cmd.add("unix://" + socket);
    cmd.addAll(args);
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
          : ProcessBuilder.Redirect.from(stdin));
      Process p = pb.start();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        return new Result(args, out.getNow(""), "timed out after " + timeoutSeconds + " s\n"
            + err.getNow(""), -1);
      }
      return new Result(args, out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS), p.exitValue());
    } catch (Exception e) {
      throw new AssertionError("docker " + args + ": " + e, e);
    }
  }

  /** Reads a pipe to its end on a thread of its own (the common pool may be one thread on two cores). */
  private static CompletableFuture<String> drain(InputStream in) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofPlatform().daemon().name("docker-output").start(() -> {
      try (in) {
        text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        text.complete("");
      }
    });
    return text;
  }

  /** {@code docker inspect -f FORMAT name}, trimmed; fails the test when inspect fails. */
  String inspect(String format, String name) {
    return run("inspect", "-f", format, name).ok().stdout().trim();
  }

  /** What one command printed and how it exited. */
  record Result(List<String> args, String stdout, String stderr, int exitCode) {
    /** This result, or an AssertionError naming the command and its output. */
    Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("docker " + String.join(" ", args) + " exited " + exitCode
            + "\nstdout: " + stdout + "\nstderr: " + stderr);
      }
      return this;
    }

    String transcript() {
      return "$ docker " + String.join(" ", args) + "\n[exit " + exitCode + "]\n--- stdout\n" + stdout
          + "--- stderr\n" + stderr;
    }
  }
}
