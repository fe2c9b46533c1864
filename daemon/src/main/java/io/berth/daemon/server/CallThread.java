package io.berth.daemon.server;

/**
 * Where {@link UnixSocketServer} runs a call, chosen by its method once the method is known.
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

  /** A virtual thread of its own: for everything else, including long waits and streams. */
  VIRTUAL
}
