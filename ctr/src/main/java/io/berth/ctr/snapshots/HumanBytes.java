package io.berth.ctr.snapshots;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * ctr's human-readable sizes ({@code progress.Bytes}): the size divided by 1024 while it is at
 * least 1024, printed as Go's {@code %02.1f} with the binary unit, e.g. {@code 4.0 KiB},
 * {@code 0.0 B}, {@code 1.2 KiB} for 1280 bytes (Go rounds an exact tie to even).
 */
final class HumanBytes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

  private HumanBytes() {}

  static String format(long bytes) {
    double size = bytes;
    int unit = 0;
    while (size >= 1024.0 && unit < UNITS.length - 1) {
      size /= 1024.0;
      unit++;
    }
    // The exact value of the double, rounded half-even to one decimal, as Go's strconv does.
    String number = new BigDecimal(size).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    if (number.length() < 2) {
      number = "0".repeat(2 - number.length()) + number;
    }
    return number + " " + UNITS[unit];
  }
}
