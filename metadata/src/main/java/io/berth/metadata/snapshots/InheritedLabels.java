package io.berth.metadata.snapshots;

import java.util.HashMap;
import java.util.Map;

/**
 * containerd's rule for the labels a backend snapshotter sees: only those prefixed
 * {@code containerd.io/snapshot/}, plus {@code containerd.io/snapshot.ref}. The metadata layer
 * keeps all of them.
 */
final class InheritedLabels {

  static final String PREFIX = "containerd.io/snapshot/";
  /** The label naming the committed snapshot a Prepare is expected to become (unpacking). */
  static final String REF = "containerd.io/snapshot.ref";

  private InheritedLabels() {}

  static boolean inherited(String key) {
    return key.startsWith(PREFIX) || key.equals(REF);
  }

  /** The labels to hand to the backend. */
  static Map<String, String> filter(Map<String, String> labels) {
    Map<String, String> out = new HashMap<>();
    labels.forEach((k, v) -> {
      if (inherited(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
