package io.berth.ctr.cio;

import io.berth.api.types.task.Process;
import io.berth.ctr.posix.Fifos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The paths a process's standard streams travel through, as containerd's {@code cio.Config}: an
 * empty path means the stream is not connected. With a terminal there is no separate standard
 * error.
 */
public record FifoSet(String stdin, String stdout, String stderr, boolean terminal) {

  /** The permission bits of the FIFOs and of their directory. */
  public static final int MODE = 0700;

  public FifoSet {
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  /** No streams at all ({@code --null-io}). */
  public static FifoSet none() {
    return new FifoSet("", "", "", false);
  }

  /** The paths a task or exec process was created with, as {@code Tasks.Get} reports them. */
  public static FifoSet of(Process p) {
    return new FifoSet(p.getStdin(), p.getStdout(), p.getStderr(), p.getTerminal());
  }

  /**
   * {@code cio.NewFIFOSetInDir}: a new directory with a random name under {@code root} (made if
   * missing, mode 0700) holding {@code <id>-stdin}, {@code <id>-stdout} and {@code <id>-stderr};
   * with a terminal, stderr is left out. The FIFOs themselves are made when opened.
   */
  public static FifoSet inNewDirectory(Path root, String id, boolean terminal) throws IOException {
    if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
      throw new IOException("invalid fifo name " + id);
    }
    Files.createDirectories(root);
    Path dir = Files.createTempDirectory(root, "");
    return new FifoSet(
        dir.resolve(id + "-stdin").toString(),
        dir.resolve(id + "-stdout").toString(),
        terminal ? "" : dir.resolve(id + "-stderr").toString(),
        terminal);
  }

  /** This set without the streams the caller does not connect. */
  public FifoSet only(boolean in, boolean out, boolean err) {
    return new FifoSet(in ? stdin : "", out ? stdout : "", err && !terminal ? stderr : "", terminal);
  }

  /**
   * What the Go client's FIFO closer does: removes each path that is a FIFO, then each of their
   * directories that is empty. Anything else is left alone.
   */
  public void remove() {
    Set<Path> dirs = new LinkedHashSet<>();
    for (String p : List.of(stdin, stdout, stderr)) {
      if (p.isEmpty()) {
        continue;
      }
      Path path = Path.of(p);
      if (Fifos.isFifo(path)) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException ignored) {
          // as Go, which reports only the first error and goes on
        }
        if (path.getParent() != null) {
          dirs.add(path.getParent());
        }
      }
    }
    for (Path d : dirs) {
      try {
        Files.deleteIfExists(d);
      } catch (IOException notEmpty) {
        // a directory that still holds other files stays
      }
    }
  }

  public List<String> paths() {
    List<String> out = new ArrayList<>();
    for (String p : List.of(stdin, stdout, stderr)) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }
}
