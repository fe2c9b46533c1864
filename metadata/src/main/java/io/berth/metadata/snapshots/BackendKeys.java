package io.berth.metadata.snapshots;

import java.util.OptionalLong;

/**
 * The keys of snapshots in a backend snapshotter: {@code <ns>/<seq>/<key>}, as containerd's
 * metadata layer makes them. The namespace is an identifier (no {@code /}) and the sequence a
 * positive decimal number, so the form is unambiguous whatever the key; the key itself is never a
 * path, and the backend never uses it as one.
 */
final class BackendKeys {

  private BackendKeys() {}

  static String of(String namespace, long seq, String key) {
    return namespace + "/" + seq + "/" + key;
  }

  /** The sequence number of a backend key of this form; empty for anything else. */
  static OptionalLong sequence(String backendKey) {
    int first = backendKey.indexOf('/');
    if (first <= 0) {
      return OptionalLong.empty();
    }
    int second = backendKey.indexOf('/', first + 1);
    if (second <= first + 1 || second - first - 1 > 18) {
      return OptionalLong.empty();
    }
    long seq = 0;
    for (int i = first + 1; i < second; i++) {
      char c = backendKey.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      seq = seq * 10 + (c - '0');
    }
    return OptionalLong.of(seq);
  }
}
