package io.berth.ctr.tasks;

import io.berth.api.errors.UnknownException;
import io.berth.ctr.Io;
import io.berth.ctr.cio.FifoSet;
import io.berth.ctr.cio.ProcessIo;
import io.berth.ctr.posix.Terminal;
import java.io.IOException;
import java.nio.file.Path;

/** How a command connects a new process's standard streams, as ctr's {@code tasks.NewTask} chooses. */
final class Stdio {

  /** Where the client makes its FIFOs unless told otherwise (ctr: /run/containerd/fifo). */
  static final String DEFAULT_FIFO_DIR = "/run/berth/fifo";

  private Stdio() {}

  /**
   * The local terminal in raw mode, as {@code console.Current()} and {@code SetRaw}; only the
   * process's own streams can be a terminal.
   */
  static Terminal rawConsole(Io io) {
    Terminal t =
        io.process() ? Terminal.current().orElseThrow(Stdio::notAConsole) : null;
    if (t == null) {
      throw notAConsole();
    }
    try {
      t.setRaw();
    } catch (IOException e) {
      throw new UnknownException(e.getMessage(), e);
    }
    return t;
  }

  /** Restores the terminal's settings; errors are ignored, as ctr's deferred {@code Reset}. */
  static void reset(Terminal console) {
    if (console != null) {
      try {
        console.reset();
      } catch (IOException ignored) {
        // nothing better to do on the way out
      }
    }
  }

  /**
   * The streams of a new process named {@code id} (the container or exec id): the terminal's, the
   * command's standard streams through FIFOs under {@code fifoDir}, nothing ({@code nullIo}), or a
   * log URI given to the shim for stdout and stderr.
   */
  static ProcessIo create(Io io, Terminal console, boolean nullIo, String logUri, String fifoDir, String id) {
    if (console != null && nullIo) {
      throw new UnknownException("tty and null-io cannot be used together");
    }
    try {
      Path root = Path.of(fifoDir == null || fifoDir.isEmpty() ? DEFAULT_FIFO_DIR : fifoDir);
      if (console != null) {
        return ProcessIo.create(root, id, true, new ProcessIo.Streams(console.input(), console.output(), null));
      }
      if (nullIo) {
        return ProcessIo.none();
      }
      if (logUri != null && !logUri.isEmpty()) {
        return ProcessIo.logUri(new FifoSet("", logUri, logUri, false));
      }
      return ProcessIo.create(root, id, false, new ProcessIo.Streams(io.in(), io.out(), io.err()));
    } catch (IOException e) {
      throw new UnknownException(e.getMessage(), e);
    }
  }

  /** The streams to attach to an existing process's FIFOs ({@code cio.NewAttach(cio.WithStdio)}). */
  static ProcessIo attach(Io io, Terminal console, FifoSet fifos) {
    try {
      ProcessIo.Streams streams =
          console != null
              ? new ProcessIo.Streams(console.input(), console.output(), console.output())
              : new ProcessIo.Streams(io.in(), io.out(), io.err());
      return ProcessIo.attach(fifos, streams);
    } catch (IOException e) {
      throw new UnknownException(e.getMessage(), e);
    }
  }

  private static UnknownException notAConsole() {
    return new UnknownException("provided file is not a console");
  }
}
