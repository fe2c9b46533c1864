package io.berth.api.filters;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go strings are UTF-8 byte sequences and containerd's filter scanner counts byte offsets, so the
 * parser works on bytes. This class converts between Java strings and those bytes.
 *
 * <p>Two corner cases have no exact Java counterpart:
 *
 * <ul>
 *   <li>A lone surrogate in the input (not valid UTF-8) becomes byte 0xFF, which Go's decoder
 *       reports as an invalid rune, just as it would for invalid UTF-8 on the wire.
 *   <li>A value built from {@code \xhh} or octal escapes may be invalid UTF-8. Each byte that is
 *       not part of a valid sequence becomes the lone surrogate U+DC00+byte, so such a value
 *       equals no string that arrived over protobuf (which never holds lone surrogates), exactly
 *       as the raw bytes equal no valid label in Go.
 * </ul>
 */
final class GoUtf8 {

  static final int RUNE_ERROR = 0xFFFD;
  private static final int INVALID_BYTE = 0xFF;
  private static final char ESCAPE_BASE = 0xDC00;

  private GoUtf8() {}

  static byte[] encode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        appendRune(out, Character.toCodePoint(c, s.charAt(i + 1)));
        i += 2;
      } else if (Character.isSurrogate(c)) {
        out.write(INVALID_BYTE);
        i++;
      } else {
        appendRune(out, c);
        i++;
      }
    }
    return out.toByteArray();
  }

  /** Go's utf8.EncodeRune: surrogates and out-of-range values become U+FFFD. */
  static void appendRune(ByteArrayOutputStream out, int r) {
    if (r < 0 || r > Character.MAX_CODE_POINT || (r >= 0xD800 && r <= 0xDFFF)) {
      r = RUNE_ERROR;
    }
    if (r < 0x80) {
      out.write(r);
    } else if (r < 0x800) {
      out.write(0xC0 | (r >> 6));
      out.write(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
      out.write(0xE0 | (r >> 12));
      out.write(0x80 | ((r >> 6) & 0x3F));
      out.write(0x80 | (r & 0x3F));
    } else {
      out.write(0xF0 | (r >> 18));
      out.write(0x80 | ((r >> 12) & 0x3F));
      out.write(0x80 | ((r >> 6) & 0x3F));
      out.write(0x80 | (r & 0x3F));
    }
  }

  /**
   * Go's utf8.DecodeRune on {@code b[off..]}: the rune in the high 32 bits and its width in the
   * low 32 bits. An empty input gives (RuneError, 0); an invalid sequence gives (RuneError, 1).
   */
  static long decode(byte[] b, int off) {
    return decode(b, off, b.length);
  }

  /** As {@link #decode(byte[], int)} on the bytes {@code b[off..limit)}. */
  static long decode(byte[] b, int off, int limit) {
    if (off >= limit) {
      return pack(RUNE_ERROR, 0);
    }
    int b0 = b[off] & 0xFF;
    if (b0 < 0x80) {
      return pack(b0, 1);
    }
    int need;
    int min;
    int lo = 0x80;
    int hi = 0xBF;
    int r;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
      r = b0 & 0x1F;
      min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      r = b0 & 0x0F;
      min = 0x800;
      if (b0 == 0xE0) {
        lo = 0xA0;
      } else if (b0 == 0xED) {
        hi = 0x9F;
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      r = b0 & 0x07;
      min = 0x10000;
      if (b0 == 0xF0) {
        lo = 0x90;
      } else if (b0 == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return pack(RUNE_ERROR, 1);
    }
    if (off + need >= limit) {
      return pack(RUNE_ERROR, 1);
    }
    for (int k = 1; k <= need; k++) {
      int bk = b[off + k] & 0xFF;
      int from = k == 1 ? lo : 0x80;
      int to = k == 1 ? hi : 0xBF;
      if (bk < from || bk > to) {
        return pack(RUNE_ERROR, 1);
      }
      r = (r << 6) | (bk & 0x3F);
    }
    return r < min ? pack(RUNE_ERROR, 1) : pack(r, need + 1);
  }

  static int rune(long decoded) {
    return (int) (decoded >>> 32);
  }

  static int width(long decoded) {
    return (int) decoded;
  }

  private static long pack(int rune, int width) {
    return ((long) rune << 32) | (width & 0xFFFFFFFFL);
  }

  /** Bytes as display text, invalid sequences shown as U+FFFD (for error messages). */
  static String display(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /** Bytes as a value: valid sequences decoded, each other byte kept as a lone surrogate. */
  static String value(byte[] b) {
    StringBuilder out = new StringBuilder(b.length);
    int i = 0;
    while (i < b.length) {
      long d = decode(b, i);
      int w = width(d);
      int r = rune(d);
      if (r == RUNE_ERROR && w == 1) {
        out.append((char) (ESCAPE_BASE + (b[i] & 0xFF)));
      } else {
        out.appendCodePoint(r);
      }
      i += w;
    }
    return out.toString();
  }
}
