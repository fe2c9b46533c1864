package io.berth.ctr.cio;

import io.berth.ctr.posix.Fifos;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's end of a process's standard streams, as containerd's {@code cio} package keeps it:
 * the FIFOs are made by the client; the daemon's shim opens their other ends. One thread per
 * stream copies the caller's standard input into the stdin FIFO and the stdout and stderr FIFOs
 * into the caller's streams. Opening a FIFO blocks until its other end is opened, so each opens on
 * its copying thread; {@link #cancel()} unblocks them when the other side never comes.
 */
public final class ProcessIo implements AutoCloseable {

  /** Where the caller's streams come from and go to; {@code null} leaves a stream unconnected. */
  public record Streams(InputStream in, OutputStream out, OutputStream err) {}

  /** How long output may stay silent after the process exits before the copy is given up. */
  static final long QUIET_MILLIS = 1000;

  private final FifoSet fifos;
  private final boolean owned;
  private final List<Pump> pumps = new ArrayList<>();
  private final AtomicLong copied = new AtomicLong();
  private volatile Runnable stdinClosed = () -> {};
  private boolean started;

  private ProcessIo(FifoSet fifos, boolean owned) {
    this.fifos = fifos;
    this.owned = owned;
  }

  /** No streams: the process's stdio goes to /dev/null ({@code cio.NullIO}). */
  public static ProcessIo none() {
    return new ProcessIo(FifoSet.none(), false);
  }

  /** {@code cio.LogURI}: the paths are handed to the shim as they are; nothing is copied here. */
  public static ProcessIo logUri(FifoSet uris) {
    return new ProcessIo(uris, false);
  }

  /**
   * {@code cio.NewCreator}: FIFOs for process {@code id} in a new directory under {@code root},
   * one for each connected stream (stderr is not used with a terminal). They are made now; {@link
   * #close()} removes them and the directory.
   */
  public static ProcessIo create(Path root, String id, boolean terminal, Streams streams) throws IOException {
    FifoSet set =
        FifoSet.inNewDirectory(root, id, terminal)
            .only(streams.in() != null, streams.out() != null, streams.err() != null);
    for (String p : set.paths()) {
      Fifos.create(Path.of(p), FifoSet.MODE);
    }
    ProcessIo io = new ProcessIo(set, true);
    io.plan(streams);
    return io;
  }

  /**
   * {@code cio.NewAttach}: connects {@code streams} to the FIFOs a running process was created
   * with (made again if missing). {@link #close()} removes them, as deleting the task does.
   */
  public static ProcessIo attach(FifoSet existing, Streams streams) throws IOException {
    for (String p : existing.paths()) {
      Fifos.create(Path.of(p), FifoSet.MODE);
    }
    ProcessIo io = new ProcessIo(existing, false);
    io.plan(streams);
    return io;
  }

  /** The paths to send in {@code Tasks.Create} or {@code Tasks.Exec}. */
  public FifoSet fifos() {
    return fifos;
  }

  /**
   * What to run once standard input has reached its end and the stdin FIFO is closed: ctr sends
   * {@code Tasks.CloseIO} then. Set it before {@link #start()}.
   */
  public void onStdinClosed(Runnable closer) {
    this.stdinClosed = closer;
  }

  private void plan(Streams streams) {
    if (!fifos.stdin().isEmpty()) {
      pumps.add(new Pump(Path.of(fifos.stdin()), streams.in(), null));
    }
    if (!fifos.stdout().isEmpty()) {
      pumps.add(new Pump(Path.of(fifos.stdout()), null, streams.out()));
    }
    if (!fifos.stderr().isEmpty()) {
      pumps.add(new Pump(Path.of(fifos.stderr()), null, streams.err()));
    }
  }

  /** Starts copying; each thread first waits for the other end of its FIFO. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    for (Pump p : pumps) {
      p.thread = Thread.ofPlatform().daemon().name("berth-io-" + p.path.getFileName()).start(p::run);
    }
  }

  /**
   * Waits until the process's output has been copied to its end, or until no byte has come for
   * {@link #QUIET_MILLIS} (a child of the process may hold the stream open). Returns whether all
   * output reached its end.
   */
  public boolean awaitOutput() throws InterruptedException {
    long last = copied.get();
    long quietSince = System.nanoTime();
    for (Pump p : pumps) {
      if (p.out == null) {
        continue;
      }
      while (!p.done.await(50, TimeUnit.MILLISECONDS)) {
        long now = copied.get();
        if (now != last) {
          last = now;
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Stops copying: closes this side of every FIFO, unblocking a thread still waiting for the other
   * end. The FIFOs stay (for {@code tasks attach}).
   */
  public synchronized void cancel() {
    for (Pump p : pumps) {
      p.cancel();
    }
  }

  /** {@link #cancel()}, then removes the FIFOs (and, for FIFOs this made, their directory). */
  @Override
  public void close() {
    cancel();
    fifos.remove();
  }

  boolean owned() {
    return owned;
  }

  /** One stream: copies {@code from} into the FIFO, or the FIFO into {@code to}. */
  private final class Pump {
    final Path path;
    final InputStream from;
    final OutputStream out;
    final CountDownLatch opened = new CountDownLatch(1);
    final CountDownLatch done = new CountDownLatch(1);
    volatile boolean cancelled;
    volatile boolean inputEnded;
    volatile FileChannel channel;
    volatile Thread thread;

    Pump(Path path, InputStream from, OutputStream out) {
      this.path = path;
      this.from = from;
      this.out = out;
    }

    void run() {
      try {
        FileChannel ch = FileChannel.open(path, from != null ? StandardOpenOption.WRITE : StandardOpenOption.READ);
        channel = ch;
        opened.countDown();
        try (ch) {
          if (cancelled) {
            return;
          }
          if (from != null) {
            copyIn(ch);
          } else {
            copyOut(ch);
          }
        }
      } catch (IOException e) {
        // the other side went away, or this side was cancelled
      } finally {
        opened.countDown();
        done.countDown();
        if (inputEnded && !cancelled) {
          runStdinClosed();
        }
      }
    }

    private void copyIn(FileChannel ch) throws IOException {
      byte[] buf = new byte[32 * 1024];
      int n;
      while ((n = from.read(buf)) >= 0) {
        if (cancelled) {
          return;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      inputEnded = true;
    }

    private void copyOut(FileChannel ch) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(32 * 1024);
      while (ch.read(b) >= 0) {
        b.flip();
        if (b.hasRemaining()) {
          out.write(b.array(), 0, b.limit());
          out.flush();
          copied.addAndGet(b.limit());
        }
        b.clear();
      }
    }

    void cancel() {
      cancelled = true;
      FileChannel ch = channel;
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // closing is all we wanted
        }
      }
      // a thread blocked opening the FIFO waits for a partner: be one, briefly, until it is through
      Thread t = thread;
      try {
        while (t != null && t.isAlive() && !opened.await(20, TimeUnit.MILLISECONDS)) {
          if (!Fifos.isFifo(path)) {
            break;
          }
          try (RandomAccessFile partner = new RandomAccessFile(path.toFile(), "rw")) {
            // opening read-write never blocks and counts as both a reader and a writer
          }
        }
      } catch (IOException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
      FileChannel late = channel;
      if (late != null && late != ch) {
        try {
          late.close();
        } catch (IOException ignored) {
          // as above
        }
      }
    }
  }

  private void runStdinClosed() {
    try {
      stdinClosed.run();
    } catch (RuntimeException e) {
      // ctr ignores the error of its CloseIO too
    }
  }
}
