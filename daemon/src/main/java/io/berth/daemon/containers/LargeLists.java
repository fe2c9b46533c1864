package io.berth.daemon.containers;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which namespaces answered their last Containers.List with a large answer, so that the next
 * one can be placed as a long read (off the event loop while another runs) before it starts. A
 * list is short for a small namespace (best answered on the event loop, with no hand-off) but
 * holds its thread for milliseconds for a large one; the size of a namespace's last answer is a
 * good guess for its next.
 */
public final class LargeLists {

  /**
   * The answer size from which a list counts as large: ~2,000 containers of a typical size, a few
   * milliseconds of CPU to build and copy out.
   */
  public static final int LARGE_BYTES = 2 << 20;

  /** Namespaces remembered at most; past that the record starts afresh (it is only a guess). */
  private static final int MAX_NAMESPACES = 4096;

  private final ConcurrentHashMap<String, Boolean> large = new ConcurrentHashMap<>();

  /** Records the size in bytes of an answer just built for {@code namespace}. */
  public void answered(String namespace, long bytes) {
    if (bytes >= LARGE_BYTES) {
      if (large.size() >= MAX_NAMESPACES) {
        large.clear();
      }
      large.put(namespace, Boolean.TRUE);
    } else if (!large.isEmpty()) {
      large.remove(namespace);
    }
  }

  /** Whether the last answer recorded for {@code namespace} was large. */
  public boolean isLarge(String namespace) {
    return !large.isEmpty() && large.containsKey(namespace);
  }
}
