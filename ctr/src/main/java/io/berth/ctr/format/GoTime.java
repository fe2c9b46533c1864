package io.berth.ctr.format;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Go's renderings of a {@code time.Time} that ctr prints. */
public final class GoTime {

  /** Go's zero time, 0001-01-01T00:00:00Z, which containerd sends for "unset". */
  public static final Instant ZERO = Instant.ofEpochSecond(-62135596800L);

  private GoTime() {}

  /** A protobuf timestamp as an instant; an absent timestamp is Go's zero time. */
  public static Instant instant(Timestamp ts) {
    return ts == null ? ZERO : Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
  }

  /** {@code t.String()} for a UTC time: {@code 2026-11-23 09:24:27.901069628 +0000 UTC}. */
  public static String string(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return date(z) + ' ' + clock(z) + fraction(z.getNano()) + " +0000 UTC";
  }

  /** {@code t.Format(time.RFC3339Nano)} for a UTC time: {@code 2026-11-23T09:24:27.9010696Z}. */
  public static String rfc3339Nano(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return date(z) + 'T' + clock(z) + fraction(z.getNano()) + 'Z';
  }

  /** {@code t.In(zone).Format(time.RFC3339)}: seconds, then {@code Z} or {@code +hh:mm}. */
  public static String rfc3339(Instant t, ZoneId zone) {
    ZonedDateTime z = t.atZone(zone);
    return date(z) + 'T' + clock(z) + offset(z.getOffset());
  }

  private static String date(ZonedDateTime z) {
    int year = z.getYear();
    String y = year < 0 ? "-" + pad(-year, 4) : pad(year, 4);
    return y + '-' + pad(z.getMonthValue(), 2) + '-' + pad(z.getDayOfMonth(), 2);
  }

  private static String clock(ZonedDateTime z) {
    return pad(z.getHour(), 2) + ':' + pad(z.getMinute(), 2) + ':' + pad(z.getSecond(), 2);
  }

  // ".999999999" in a Go layout: the fraction without trailing zeros, nothing when zero
  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    String digits = pad(nanos, 9);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return '.' + digits.substring(0, end);
  }

  private static String offset(ZoneOffset offset) {
    int secs = offset.getTotalSeconds();
    if (secs == 0) {
      return "Z";
    }
    int abs = Math.abs(secs) / 60;
    return (secs < 0 ? "-" : "+") + pad(abs / 60, 2) + ':' + pad(abs % 60, 2);
  }

  private static String pad(long v, int width) {
    String s = Long.toString(v);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }
}
