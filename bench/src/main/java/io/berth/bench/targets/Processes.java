package io.berth.bench.targets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** The machine's processes, read from /proc: pids and command lines. */
public final class Processes {

  private Processes() {}

  /** Pids of the live processes whose argv matches, this JVM excluded. */
  public static List<Long> matching(Predicate<List<String>> argv) {
    List<Long> out = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (pid != self && argv.test(argv(pid))) {
          out.add(pid);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc: " + e.getMessage(), e);
    }
    return out;
  }

  /** The argv of a process; empty if it is gone (or a kernel thread). */
  public static List<String> argv(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String s = new String(raw, StandardCharsets.UTF_8);
      if (s.isEmpty()) {
        return List.of();
      }
      if (s.endsWith("\0")) {
        s = s.substring(0, s.length() - 1);
      }
      return Arrays.asList(s.split("\0", -1));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Whether some argument contains {@code text}. */
  public static boolean mentions(List<String> argv, String text) {
    return argv.stream().anyMatch(a -> a.contains(text));
  }

  /** The last path element of argv[0]. */
  public static String program(List<String> argv) {
    if (argv.isEmpty()) {
      return "";
    }
    String a = argv.getFirst();
    return a.substring(a.lastIndexOf('/') + 1);
  }
}
