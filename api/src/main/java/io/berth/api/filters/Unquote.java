package io.berth.api.filters;

import java.io.ByteArrayOutputStream;

/**
 * Go's strconv.Unquote rules, extended as containerd extends them: besides {@code "…"} a token
 * may be quoted with {@code /…/} or {@code |…|}, which behave like double quotes whose escapable
 * quote character is the delimiter. (The scanner never produces single- or back-quoted tokens,
 * so those Go forms are not handled.) Works on UTF-8 bytes because {@code \xhh} and octal escapes
 * produce raw bytes.
 */
final class Unquote {

  /** Thrown for any malformed quoted text; containerd's text is "quote syntax error". */
  static final class SyntaxError extends Exception {
    SyntaxError() {
      super("quote syntax error", null, false, false);
    }
  }

  private Unquote() {}

  /** Unquotes the token bytes {@code s[from..to)} and returns the value as a string. */
  static String unquote(byte[] s, int from, int to) throws SyntaxError {
    int n = to - from;
    if (n < 2) {
      throw new SyntaxError();
    }
    int quote = s[from] & 0xFF;
    if (quote != (s[to - 1] & 0xFF)) {
      throw new SyntaxError();
    }
    if (quote != '"' && quote != '|' && quote != '/') {
      throw new SyntaxError();
    }
    int i = from + 1;
    int end = to - 1;
    for (int k = i; k < end; k++) {
      if (s[k] == '\n') {
        throw new SyntaxError();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(end - i);
    while (i < end) {
      i = unquoteChar(s, i, end, quote, out);
    }
    return GoUtf8.value(out.toByteArray());
  }

  /** Decodes one character or escape at {@code s[i]}, appends it, returns the next index. */
  private static int unquoteChar(byte[] s, int i, int end, int quote, ByteArrayOutputStream out)
      throws SyntaxError {
    int c = s[i] & 0xFF;
    if (c == quote) {
      throw new SyntaxError();
    }
    if (c >= 0x80) {
      long d = GoUtf8.decode(s, i, end);
      GoUtf8.appendRune(out, GoUtf8.rune(d));
      return i + GoUtf8.width(d);
    }
    if (c != '\\') {
      out.write(c);
      return i + 1;
    }
    if (end - i <= 1) {
      throw new SyntaxError();
    }
    int e = s[i + 1] & 0xFF;
    i += 2;
    switch (e) {
      case 'a' -> out.write(0x07);
      case 'b' -> out.write('\b');
      case 'f' -> out.write('\f');
      case 'n' -> out.write('\n');
      case 'r' -> out.write('\r');
      case 't' -> out.write('\t');
      case 'v' -> out.write(0x0B);
      case '\\' -> out.write('\\');
      case 'x', 'u', 'U' -> {
        int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (end - i < digits) {
          throw new SyntaxError();
        }
        long v = 0;
        for (int j = 0; j < digits; j++) {
          int h = hex(s[i + j] & 0xFF);
          if (h < 0) {
            throw new SyntaxError();
          }
          v = (v << 4) | h;
        }
        i += digits;
        if (e == 'x') {
          out.write((int) v);
        } else {
          if (v > Character.MAX_CODE_POINT) {
            throw new SyntaxError();
          }
          GoUtf8.appendRune(out, (int) v);
        }
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int v = e - '0';
        if (end - i < 2) {
          throw new SyntaxError();
        }
        for (int j = 0; j < 2; j++) {
          int x = (s[i + j] & 0xFF) - '0';
          if (x < 0 || x > 7) {
            throw new SyntaxError();
          }
          v = (v << 3) | x;
        }
        i += 2;
        if (v > 255) {
          throw new SyntaxError();
        }
        out.write(v);
      }
      case '\'', '"', '|', '/' -> {
        if (e != quote) {
          throw new SyntaxError();
        }
        out.write(e);
      }
      default -> throw new SyntaxError();
    }
    return i;
  }

  private static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
