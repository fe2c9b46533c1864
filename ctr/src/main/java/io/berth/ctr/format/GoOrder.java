package io.berth.ctr.format;

import java.util.Comparator;

/** Go's {@code sort.Strings} order: byte-wise over UTF-8, which is code point order. */
public final class GoOrder {

  public static final Comparator<String> STRINGS = GoOrder::compare;

  private GoOrder() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
