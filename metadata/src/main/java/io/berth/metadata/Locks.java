package io.berth.metadata;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The locks that make read-modify-write mutations safe. Order, always: namespace (shared or
 * exclusive), then one object-key stripe, then the namespace record lock.
 *
 * <ul>
 *   <li>Object mutations hold their namespace shared; namespace create, label updates and delete
 *       hold it exclusive, so Delete's emptiness check cannot race a create.
 *   <li>Object mutations hold the stripe of the object's key, so two updates of one container
 *       are serialized and neither is lost.
 *   <li>Writing the namespace record implicitly (the first object in a namespace) holds the
 *       namespace's record lock.
 * </ul>
 */
final class Locks {

  /** A held lock, released by close. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** The locks of one namespace. */
  static final class NamespaceLocks {
    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final ReentrantLock record = new ReentrantLock();

    Held shared() {
      rw.readLock().lock();
      return rw.readLock()::unlock;
    }

    Held exclusive() {
      rw.writeLock().lock();
      return rw.writeLock()::unlock;
    }

    Held record() {
      record.lock();
      return record::unlock;
    }
  }

  private static final int STRIPES = 256;

  private final ConcurrentHashMap<String, NamespaceLocks> namespaces = new ConcurrentHashMap<>();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  Locks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  NamespaceLocks namespace(String ns) {
    return namespaces.computeIfAbsent(ns, n -> new NamespaceLocks());
  }

  Held key(byte[] key) {
    ReentrantLock lock = stripes[Math.floorMod(Arrays.hashCode(key), STRIPES)];
    lock.lock();
    return lock::unlock;
  }
}
