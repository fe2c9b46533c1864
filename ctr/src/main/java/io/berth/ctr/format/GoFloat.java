package io.berth.ctr.format;

import java.math.BigDecimal;

/** How Go's {@code encoding/json} writes a float64: shortest digits, exponent form when tiny or huge. */
final class GoFloat {

  private GoFloat() {}

  static String format(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new IllegalArgumentException("json: unsupported value: " + f);
    }
    if (f == 0) {
      return (1 / f < 0) ? "-0" : "0";
    }
    // Double.toString gives the shortest digits that read back to the same double.
    BigDecimal d = new BigDecimal(Double.toString(f)).stripTrailingZeros();
    double abs = Math.abs(f);
    if (abs >= 1e-6 && abs < 1e21) {
      return d.toPlainString();
    }
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder();
    if (f < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    // Go writes at least two exponent digits, then json trims "e-07" back to "e-7"
    if (e < 10 && exponent > 0) {
      sb.append('0');
    }
    return sb.append(e).toString();
  }
}
