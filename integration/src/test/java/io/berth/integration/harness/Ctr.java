package io.berth.integration.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs Debian's real `ctr` 1.6 binary against a daemon socket. */
public final class Ctr {

  private final Path socket;

  public Ctr(Path socket) {
    this.socket = socket;
  }

  public Path socket() {
    return socket;
  }

  /** {@code -n namespace args...}: ctr arguments for one namespace. */
  public static String[] inNamespace(String namespace, String... args) {
    String[] out = new String[args.length + 2];
    out[0] = "-n";
    out[1] = namespace;
    System.arraycopy(args, 0, out, 2, args.length);
    return out;
  }

  /** Runs {@code ctr -a SOCKET args...} with no stdin and a 60 s limit. */
  public Result run(String... args) {
    return run(null, List.of(args));
  }

  public Result runWithInput(String stdin, String... args) {
    return run(stdin, List.of(args));
  }

  public Result run(String stdin, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("ctr");
    cmd.add("-a");
    cmd.add(socket.toString());
    cmd.addAll(args);
    return Exec.run(cmd, stdin, 60, TimeUnit.SECONDS);
  }

  /** Starts {@code ctr -a SOCKET args...} in the background, e.g. {@code events}. */
  public BackgroundCtr start(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("ctr");
    cmd.add("-a");
    cmd.add(socket.toString());
    cmd.addAll(List.of(args));
    return new BackgroundCtr(cmd);
  }

  /** The outcome of one command: what it printed and how it exited. */
  public record Result(List<String> command, String stdout, String stderr, int exitCode) {

    public Result masked() {
      return new Result(command, Masks.apply(stdout), Masks.apply(stderr), exitCode);
    }

    /** A readable block for diffs: the command, then exit code, stdout and stderr. */
    public String transcript() {
      List<String> shown = command.size() > 3 ? command.subList(3, command.size()) : command;
      return "$ ctr " + String.join(" ", shown) + "\n[exit " + exitCode + "]\n--- stdout\n"
          + stdout + "--- stderr\n" + stderr;
    }
  }

  /** Runs a command with a deadline and captures its output fully. */
  static final class Exec {
    private Exec() {}

    static Result run(List<String> cmd, String stdin, long timeout, TimeUnit unit) {
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdin == null) {
          pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        var out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()), VIRTUAL);
        var err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()), VIRTUAL);
        if (stdin != null) {
          try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!p.waitFor(timeout, unit)) {
          p.destroyForcibly();
          throw new AssertionError("command timed out after " + timeout + " " + unit + ": " + cmd);
        }
        return new Result(List.copyOf(cmd), out.join(), err.join(), p.exitValue());
      } catch (IOException e) {
        throw new AssertionError("cannot run " + cmd + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted running " + cmd, e);
      }
    }

    private static final Executor VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

    private static String drain(InputStream in) {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
