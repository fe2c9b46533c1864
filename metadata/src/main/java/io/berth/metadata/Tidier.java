package io.berth.metadata;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Keeps scans from stepping over old versions. A replaced or deleted entry stays behind, first in
 * the memtable and then in level-0 files, until a flush and a compaction drop it, and every scan
 * that passes its key steps over it. In the bench, 70 updates of each of a namespace's 1,000
 * containers left a list of them at a quarter of its rate (1,850 to 450 filtered lists a second,
 * in-process) for as long as nothing else was written.
 *
 * <p>Two rules, counted in hidden entries (see {@link Batch#hides()}):
 *
 * <ul>
 *   <li>after {@link #FLUSH_AFTER_HIDDEN}, the memtable is flushed at once, without waiting, so a
 *       long burst of updates does not pile versions up in it (RocksDB's own level-0 compactions
 *       then merge the flushed files while the burst goes on);
 *   <li>once writes have hidden at least {@link #TIDY_AFTER_HIDDEN} and then paused for {@link
 *       #QUIET_MILLIS}, the memtable is flushed and the range of keys they hid is compacted on
 *       this class's own thread, so reads after the burst see one version of each key.
 * </ul>
 */
final class Tidier implements AutoCloseable {

  static final int FLUSH_AFTER_HIDDEN = 4096;
  static final int TIDY_AFTER_HIDDEN = 256;
  static final long QUIET_MILLIS = 500;

  private static final System.Logger LOG = System.getLogger(Tidier.class.getName());

  private final Runnable flushSoon;
  private final BiConsumer<byte[], byte[]> flushAndCompact;
  private final ScheduledThreadPoolExecutor timer;

  // guarded by this
  private int sinceFlush;
  private int sinceTidy;
  private byte[] low;
  private byte[] high;
  private long lastHidNanos;
  private boolean armed;
  private boolean closed;

  /**
   * {@code flushSoon} starts a flush of the memtable and returns; {@code flushAndCompact} flushes
   * it and compacts the keys from its first argument to its second (both included). Each reports
   * its own failures.
   */
  Tidier(Runnable flushSoon, BiConsumer<byte[], byte[]> flushAndCompact, String name) {
    this.flushSoon = flushSoon;
    this.flushAndCompact = flushAndCompact;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "berth-tidy " + name);
      t.setDaemon(true);
      return t;
    });
    timer.setKeepAliveTime(10, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  /** Counts what a batch, just written, hid. */
  void wrote(Batch batch) {
    if (batch.hides() == 0) {
      return;
    }
    boolean flush;
    synchronized (this) {
      if (closed) {
        return;
      }
      sinceFlush += batch.hides();
      sinceTidy += batch.hides();
      low = min(low, batch.lowestHidden());
      high = max(high, batch.highestHidden());
      lastHidNanos = System.nanoTime();
      flush = sinceFlush >= FLUSH_AFTER_HIDDEN;
      if (flush) {
        sinceFlush = 0;
      }
      if (!armed && sinceTidy >= TIDY_AFTER_HIDDEN) {
        armed = true;
        timer.schedule(this::tidyIfQuiet, QUIET_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
    if (flush) {
      flushSoon.run();
    }
  }

  private void tidyIfQuiet() {
    byte[] from;
    byte[] to;
    synchronized (this) {
      if (closed) {
        return;
      }
      long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHidNanos);
      if (quietMillis < QUIET_MILLIS) {
        timer.schedule(this::tidyIfQuiet, QUIET_MILLIS - quietMillis, TimeUnit.MILLISECONDS);
        return;
      }
      armed = false;
      from = low;
      to = high;
      low = null;
      high = null;
      sinceTidy = 0;
      sinceFlush = 0;
    }
    try {
      flushAndCompact.accept(from, to);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "tidy skipped: " + e.getMessage());
    }
  }

  private static byte[] min(byte[] a, byte[] b) {
    return a == null || Arrays.compareUnsigned(b, a) < 0 ? b : a;
  }

  private static byte[] max(byte[] a, byte[] b) {
    return a == null || Arrays.compareUnsigned(b, a) > 0 ? b : a;
  }

  /** Stops the timer; a tidy already running finishes (its store waits for it before closing). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    timer.shutdownNow();
  }
}
