package io.berth.daemon.server;

/**
 * Where {@link UnixSocketServer} runs a call, chosen by its method and headers once they are
 * known ({@link CallPlacement}).
 */
public enum CallThread {

  /**
   * The connection's event loop, with no hand-off: for short reads that never block. Handing
   * such a call to another thread and back costs two thread wake-ups, more than the read.
   */
  EVENT_LOOP,

  /**
   * For short calls that block in native code, such as a metadata write waiting for its WAL
   * sync: on the event loop when no other such call is running (a lone write is answered
   * without thread hand-offs), otherwise on a pooled platform thread ({@link InlineWhenIdle}).
   * Not a virtual thread: it would pin its carrier there, so no more writes than cores could wait
   * at once and the store could not commit them as one group.
   */
  WRITE,

  /**
   * For reads that hold a thread for milliseconds of CPU, such as a list of a large namespace:
   * on the event loop when no other such call is running, otherwise on one of a fixed pool of
   * platform threads, one per core ({@link InlineWhenIdle}). Many at once on the event loop
   * stalled every other connection of that loop (their calls and the window updates that let
   * answers flow) for their whole length. The pool is fixed because these calls only compete for
   * the cores: 16 lists of 10 MB built at once on 16 threads took three times the CPU each of
   * lists built two at a time (each in-flight answer holds its memory until sent). A lone one
   * stays on the loop, with no hand-off: handed to the pool, lists of 10,000 at one client ran at
   * 16-25 per second instead of 58-73 in the benchmark. That row also swings between runs with
   * lone lists on the loop (16-73 per second, cause not found), so the pool may not be why.
   */
  LONG_READ,

  /** A virtual thread of its own: for everything else, including long waits and streams. */
  VIRTUAL
}
