package io.berth.integration.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a writer knows about the containers it wrote through a daemon that may die at any moment:
 * for each container, whether its Create was acknowledged, the last acknowledged value of its
 * label pair {@code a}/{@code b}, and a write in flight whose outcome is unknown. After a crash,
 * {@link #reconcile} checks the store against it and adopts what the store shows.
 *
 * <p>Each container is written by one thread only; reconcile runs when no writer does.
 */
final class WriteLedger {

  /** One container's known state. */
  static final class Entry {
    boolean created; // Create acknowledged (or seen in the store after a crash)
    String value = "0"; // last acknowledged a == b value
    String pending; // value of an unacknowledged Create ("0") or Update in flight, or null
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** Notes a Create about to be sent. */
  Entry creating(String id) {
    Entry e = new Entry();
    e.pending = "0";
    if (entries.putIfAbsent(id, e) != null) {
      throw new IllegalStateException("container " + id + " written twice");
    }
    return e;
  }

  /** The entry of a container this ledger knows. */
  Entry entry(String id) {
    Entry e = entries.get(id);
    if (e == null) {
      throw new IllegalStateException("container " + id + " is not in the ledger");
    }
    return e;
  }

  static void acknowledgedCreate(Entry e) {
    e.created = true;
    e.pending = null;
  }

  static void updating(Entry e, String value) {
    e.pending = value;
  }

  static void acknowledgedUpdate(Entry e, String value) {
    e.value = value;
    e.pending = null;
  }

  /** Containers whose Create is known to have happened, for writers to update. */
  List<String> createdIds() {
    return entries.entrySet().stream().filter(e -> e.getValue().created)
        .map(Map.Entry::getKey).sorted().toList();
  }

  int size() {
    return entries.size();
  }

  /**
   * Compares what the store holds ({@code id -> labels}) with the ledger and returns every
   * violation: an acknowledged Create missing, a container nobody created, labels a and b not
   * equal (half an Update), or a value that is neither the acknowledged one nor the one in
   * flight. Then adopts the store's state: unknown outcomes become known.
   */
  List<String> reconcile(Map<String, Map<String, String>> stored) {
    List<String> problems = new ArrayList<>();
    Set<String> unexpected = new TreeSet<>(stored.keySet());
    unexpected.removeAll(entries.keySet());
    for (String id : unexpected) {
      problems.add("container " + id + " exists but was never written");
    }
    for (Map.Entry<String, Entry> me : entries.entrySet()) {
      String id = me.getKey();
      Entry e = me.getValue();
      Map<String, String> labels = stored.get(id);
      if (labels == null) {
        if (e.created) {
          problems.add("acknowledged container " + id + " is missing");
        } else {
          entries.remove(id); // its Create never happened: forget it
        }
        continue;
      }
      String a = labels.get("a");
      String b = labels.get("b");
      if (a == null || !a.equals(b)) {
        problems.add("container " + id + " has a=" + a + " b=" + b + ": half an update");
        continue;
      }
      boolean acknowledged = e.created && a.equals(e.value);
      boolean inFlight = a.equals(e.pending);
      if (!acknowledged && !inFlight) {
        problems.add("container " + id + " has a=b=" + a + "; acknowledged "
            + (e.created ? e.value : "(not created)") + ", in flight " + e.pending);
        continue;
      }
      e.created = true;
      e.value = a;
      e.pending = null;
    }
    return problems;
  }
}
