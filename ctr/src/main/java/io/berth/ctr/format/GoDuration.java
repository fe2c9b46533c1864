package io.berth.ctr.format;

import io.berth.api.validation.GoQuote;
import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration}: {@code 300ms}, {@code 1h30m}, {@code 1.5h}, {@code -2s}, {@code 0}. */
public final class GoDuration {

  private static final long SIGN_BIT = Long.MIN_VALUE; // 1<<63 as an unsigned value

  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * Parses a Go duration.
   *
   * @throws IllegalArgumentException with Go's message, e.g. {@code time: unknown unit "d" in
   *     duration "1d"}
   */
  public static Duration parse(String text) {
    return Duration.ofNanos(parseNanos(text));
  }

  static long parseNanos(String orig) {
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(orig);
    }
    long total = 0; // unsigned
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || (c >= '0' && c <= '9'))) {
        throw invalid(orig);
      }
      // integer part
      int start = i;
      long v = 0;
      while (i < s.length() && isDigit(s.charAt(i))) {
        if (Long.compareUnsigned(v, Long.divideUnsigned(SIGN_BIT, 10)) > 0) {
          throw invalid(orig);
        }
        v = v * 10 + (s.charAt(i) - '0');
        if (Long.compareUnsigned(v, SIGN_BIT) > 0) {
          throw invalid(orig);
        }
        i++;
      }
      boolean pre = i != start;
      // fraction part
      long f = 0;
      double scale = 1;
      boolean post = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fracStart = i;
        boolean overflow = false;
        while (i < s.length() && isDigit(s.charAt(i))) {
          if (!overflow) {
            if (Long.compareUnsigned(f, Long.divideUnsigned(SIGN_BIT - 1, 10)) > 0) {
              overflow = true;
            } else {
              long y = f * 10 + (s.charAt(i) - '0');
              if (Long.compareUnsigned(y, SIGN_BIT) > 0) {
                overflow = true;
              } else {
                f = y;
                scale *= 10;
              }
            }
          }
          i++;
        }
        post = i != fracStart;
      }
      if (!pre && !post) {
        throw invalid(orig);
      }
      // unit
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      if (i == unitStart) {
        throw new IllegalArgumentException("time: missing unit in duration " + GoQuote.quote(orig));
      }
      String u = s.substring(unitStart, i);
      Long unit = UNITS.get(u);
      if (unit == null) {
        throw new IllegalArgumentException(
            "time: unknown unit " + GoQuote.quote(u) + " in duration " + GoQuote.quote(orig));
      }
      if (Long.compareUnsigned(v, Long.divideUnsigned(SIGN_BIT, unit)) > 0) {
        throw invalid(orig);
      }
      v *= unit;
      if (f > 0) {
        v += (long) (unsignedToDouble(f) * (unit / scale));
        if (Long.compareUnsigned(v, SIGN_BIT) > 0) {
          throw invalid(orig);
        }
      }
      total += v;
      if (Long.compareUnsigned(total, SIGN_BIT) > 0) {
        throw invalid(orig);
      }
    }
    if (neg) {
      return -total; // -(1<<63) wraps to Long.MIN_VALUE, as in Go
    }
    if (Long.compareUnsigned(total, Long.MAX_VALUE) > 0) {
      throw invalid(orig);
    }
    return total;
  }

  private static double unsignedToDouble(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String orig) {
    return new IllegalArgumentException("time: invalid duration " + GoQuote.quote(orig));
  }
}
