package io.berth.api.validation;

import java.nio.charset.StandardCharsets;

/** Go's {@code %q} formatting of a string (strconv.Quote), used to match containerd's messages. */
public final class GoQuote {

  private GoQuote() {}

  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> appendRune(out, cp);
      }
    }
    return out.append('"').toString();
  }

  private static void appendRune(StringBuilder out, int cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      out.append("\\ufffd"); // a lone surrogate is not valid UTF-8; Go shows the replacement
    } else if (cp < 0x20 || cp == 0x7f) {
      out.append(String.format("\\x%02x", cp));
    } else if (printable(cp)) {
      out.appendCodePoint(cp);
    } else if (cp < 0x10000) {
      out.append(String.format("\\u%04x", cp));
    } else {
      out.append(String.format("\\U%08x", cp));
    }
  }

  private static boolean printable(int cp) {
    if (cp < 0x7f) {
      return true;
    }
    int type = Character.getType(cp);
    return type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE
        && type != Character.SURROGATE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || cp == 0x20);
  }
}
