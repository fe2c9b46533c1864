package io.berth.metadata;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Recent answers of {@link ContainerStore#getEmbedded}, ready to send, so that a container read
 * again costs no store read and no re-encoding (a probe at 16 clients: the store's read and the
 * encoding were about an eighth of berthd's CPU per Get). Bounded by bytes, least recently used
 * first out, in {@value #SEGMENTS} segments each with its own lock.
 *
 * <p>Never stale: a writer calls {@link #invalidate} after its write is in the store and before it
 * answers, which removes the entry and advances the segment's generation; a reader keeps what it
 * read from the store only if the generation is still the one from before its read, checked and
 * stored under the segment's lock. So an answer read before a write cannot enter after it.
 */
final class AnswerCache {

  /** A container of one namespace. */
  record Name(String namespace, String id) {}

  private record Answer(int field, ByteString bytes) {}

  private static final int SEGMENTS = 16;

  /**
   * What an entry costs besides its answer's bytes, counted against the budget: the name and its
   * strings, the answer and its ByteString, the map's entry (about 150 bytes for short ids).
   */
  static final int ENTRY_OVERHEAD = 160;

  private final Segment[] segments = new Segment[SEGMENTS];

  /**
   * A cache whose answers count at most {@code budget} bytes (and none more than a segment's
   * share), {@link #ENTRY_OVERHEAD} each included.
   */
  AnswerCache(long budget) {
    if (budget < 0) {
      throw new IllegalArgumentException("budget must be >= 0, got " + budget);
    }
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment(budget / SEGMENTS);
    }
  }

  /**
   * The cached answer for {@code name} embedded at {@code field}, or else {@code read}'s, which is
   * kept unless a write to the segment came meanwhile. {@code read} may throw (NotFound): nothing
   * is kept then.
   */
  ByteString get(Name name, int field, Supplier<ByteString> read) {
    Segment s = segment(name);
    long generation;
    s.lock.lock();
    try {
      Answer a = s.answers.get(name);
      if (a != null && a.field == field) {
        return a.bytes;
      }
      generation = s.generation;
    } finally {
      s.lock.unlock();
    }
    ByteString bytes = read.get();
    s.keep(name, new Answer(field, bytes), generation);
    return bytes;
  }

  /** Forgets {@code name}'s answer; call after every write of it, before answering the writer. */
  void invalidate(Name name) {
    Segment s = segment(name);
    s.lock.lock();
    try {
      s.generation++;
      s.remove(name);
    } finally {
      s.lock.unlock();
    }
  }

  /** The bytes the answers held now count against the budget, {@link #ENTRY_OVERHEAD} each included. */
  long bytes() {
    long total = 0;
    for (Segment s : segments) {
      s.lock.lock();
      try {
        total += s.bytes;
      } finally {
        s.lock.unlock();
      }
    }
    return total;
  }

  private Segment segment(Name name) {
    return segments[segmentOf(name)];
  }

  /** The index of {@code name}'s segment. */
  static int segmentOf(Name name) {
    return Math.floorMod(name.hashCode(), SEGMENTS);
  }

  private static final class Segment {
    final ReentrantLock lock = new ReentrantLock();
    final long budget;
    /** In access order: the eldest is the least recently used. */
    final LinkedHashMap<Name, Answer> answers = new LinkedHashMap<>(16, 0.75f, true);
    long generation;
    long bytes;

    Segment(long budget) {
      this.budget = budget;
    }

    void keep(Name name, Answer answer, long readAt) {
      long size = weight(answer);
      if (size > budget) {
        return;
      }
      lock.lock();
      try {
        if (generation != readAt) {
          return;
        }
        remove(name);
        answers.put(name, answer);
        bytes += size;
        var eldest = answers.entrySet().iterator();
        while (bytes > budget) {
          Map.Entry<Name, Answer> e = eldest.next();
          bytes -= weight(e.getValue());
          eldest.remove();
        }
      } finally {
        lock.unlock();
      }
    }

    void remove(Name name) {
      Answer old = answers.remove(name);
      if (old != null) {
        bytes -= weight(old);
      }
    }

    private static long weight(Answer a) {
      return a.bytes.size() + ENTRY_OVERHEAD;
    }
  }
}
