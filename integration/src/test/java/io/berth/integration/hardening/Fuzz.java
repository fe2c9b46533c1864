package io.berth.integration.hardening;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

/** Seeded generators of hostile inputs: strings, filters, identifiers, field paths, bodies. */
final class Fuzz {

  private final Random rnd;

  Fuzz(long seed) {
    this.rnd = new Random(seed);
  }

  Random random() {
    return rnd;
  }

  <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }

  private static final String FILTER_CHARS = "abcxyz_019.,=!~\"'/|\\ \t\n()[]{}*+?^$-:@#%&<>é";
  private static final List<String> ODD = List.of("", " ", "\u0000", "\u0007", "\n", "\t", "é",
      "😀", "\uD800", "\uFFFF", "..", "/", "\\", "%s", "%n", "${x}", "\u202E", "a\u0000b");

  /** Any string: short junk, odd code points, or very long runs. */
  String string() {
    return switch (rnd.nextInt(6)) {
      case 0 -> pick(ODD);
      case 1 -> chars(FILTER_CHARS, rnd.nextInt(12));
      case 2 -> "a".repeat(rnd.nextInt(200)) + pick(ODD);
      case 3 -> "x".repeat(pick(List.of(75, 76, 77, 255, 256, 4096, 70_000)));
      case 4 -> unicode(rnd.nextInt(20));
      default -> identifier();
    };
  }

  /** An identifier, often valid, often just outside the rule. */
  String identifier() {
    return switch (rnd.nextInt(8)) {
      case 0 -> "";
      case 1 -> "a".repeat(76);
      case 2 -> "a".repeat(77);
      case 3 -> pick(List.of("-a", "a-", "a..b", "a._b", ".", "_", "a b", "A_1.b-2", "a/b",
          "../x", "a\u0000", "é"));
      case 4 -> chars("abcXYZ019._-", 1 + rnd.nextInt(10));
      case 5 -> pick(ODD);
      default -> "c" + rnd.nextInt(1000);
    };
  }

  /** A filter string in containerd's language, often broken. */
  String filter() {
    if (rnd.nextInt(5) == 0) {
      return chars(FILTER_CHARS, rnd.nextInt(20));
    }
    StringBuilder f = new StringBuilder();
    int selectors = 1 + rnd.nextInt(3);
    for (int i = 0; i < selectors; i++) {
      if (i > 0) {
        f.append(pick(List.of(",", ", ", ",,", " , ", "")));
      }
      f.append(pick(List.of("id", "image", "runtime.name", "labels.a", "labels.\"a.b\"",
          "labels.\"", "labels", "labels.", "name", "topic", "namespace", "event.id", "x.y.z",
          "\"quoted\"", "labels.\"a\\\"b\"", "_", "1")));
      if (rnd.nextInt(6) > 0) {
        f.append(pick(List.of("==", "!=", "~=", "=", "!", "~", "===", "!==", "=~", "~~", "")));
        f.append(pick(List.of("v", "\"v\"", "\"unterminated", "/re/", "|re|", "/tasks/exit",
            "\"\\x41\"", "\"\\z\"", "\"\\u00e9\"", "(", "[", "*", "a{2,1}", "a{1001}",
            "(?i)X", "\\", "\\p{Greek}", "[[:alpha:]]", "(a+)+$", "x".repeat(5000), "",
            "\u0000", "é", "|unterminated", "/(/")));
      }
    }
    return f.toString();
  }

  /** A field path of a container update mask. */
  String fieldPath() {
    return pick(List.of("labels", "labels.a", "labels.", "labels.\"a\"", "labels.a.b",
        "extensions", "extensions.x", "extensions.", "spec", "image", "snapshotkey",
        "snapshot_key", "id", "runtime", "runtime.name", "snapshotter", "created_at",
        "updated_at", "", ".", "labels..", "Labels", "spec.process", string()));
  }

  /** Random bytes, or random protobuf-shaped fields that parse more often than not. */
  byte[] body() {
    int kind = rnd.nextInt(4);
    if (kind == 0) {
      byte[] b = new byte[rnd.nextInt(64)];
      rnd.nextBytes(b);
      return b;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int fields = rnd.nextInt(6);
    for (int i = 0; i < fields; i++) {
      field(out, 1 + rnd.nextInt(12), 2);
    }
    return out.toByteArray();
  }

  private void field(ByteArrayOutputStream out, int number, int depth) {
    int wire = pick(List.of(0, 1, 2, 2, 2, 5));
    varint(out, ((long) number << 3) | wire);
    switch (wire) {
      case 0 -> varint(out, pick(List.of(0L, 1L, 2L, 5L, 127L, -1L, (long) Integer.MAX_VALUE,
          rnd.nextLong())));
      case 1 -> out.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) rnd.nextInt()});
      case 5 -> out.writeBytes(new byte[] {1, 2, 3, (byte) rnd.nextInt()});
      default -> {
        byte[] payload;
        if (depth > 0 && rnd.nextBoolean()) {
          ByteArrayOutputStream nested = new ByteArrayOutputStream();
          for (int i = rnd.nextInt(4); i > 0; i--) {
            field(nested, 1 + rnd.nextInt(10), depth - 1);
          }
          payload = nested.toByteArray();
        } else if (rnd.nextInt(4) == 0) {
          payload = new byte[rnd.nextInt(20)];
          rnd.nextBytes(payload);
        } else {
          payload = string().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        varint(out, payload.length);
        out.writeBytes(payload);
      }
    }
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private String chars(String alphabet, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private String unicode(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.appendCodePoint(pick(List.of(0x41, 0xe9, 0x3b1, 0x4e2d, 0x1f600, 0x0, 0x7f, 0x202e)));
    }
    return s.toString();
  }

  /** A printable rendering of an input for reports. */
  static String show(Object input) {
    String s = String.valueOf(input);
    StringBuilder out = new StringBuilder("\"");
    int shown = 0;
    for (int i = 0; i < s.length() && shown < 120; i++, shown++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\u202e') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append(s.length() > 120 ? "\"… (" + s.length() + " chars)" : "\"");
    return out.toString();
  }

  static String hex(byte[] b) {
    String h = java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 80));
    return b.length > 80 ? h + "… (" + b.length + " bytes)" : h;
  }
}
