package io.berth.ctr.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Writes a Jackson tree the way Go's {@code encoding/json} writes values: {@code json.Marshal}
 * (compact) and {@code json.MarshalIndent(v, "", "    ")} (what ctr prints). Keys keep the
 * tree's order: producers put struct fields in Go's order and sort map keys themselves. Strings
 * are escaped as Go 1.19 does, HTML characters included ({@code <} becomes {@code \u003c}).
 */
public final class GoJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /** {@code json.Marshal}. */
  public static String compact(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(sb, node, null, 0);
    return sb.toString();
  }

  /** {@code json.MarshalIndent(v, "", "    ")}, without a trailing newline. */
  public static String indent(JsonNode node) {
    return indent(node, "    ");
  }

  /** {@code json.MarshalIndent(v, "", unit)}, without a trailing newline. */
  public static String indent(JsonNode node, String unit) {
    StringBuilder sb = new StringBuilder();
    write(sb, node, unit, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonNode node, String indent, int depth) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      sb.append("null");
    } else if (node.isObject()) {
      if (node.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        newline(sb, indent, depth + 1);
        string(sb, e.getKey());
        sb.append(indent == null ? ":" : ": ");
        write(sb, e.getValue(), indent, depth + 1);
      }
      newline(sb, indent, depth);
      sb.append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        newline(sb, indent, depth + 1);
        write(sb, node.get(i), indent, depth + 1);
      }
      newline(sb, indent, depth);
      sb.append(']');
    } else if (node.isTextual()) {
      string(sb, node.textValue());
    } else if (node.isBoolean()) {
      sb.append(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      sb.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      sb.append(GoFloat.format(node.doubleValue()));
    } else if (node.isBinary()) {
      string(sb, java.util.Base64.getEncoder().encodeToString(binary(node)));
    } else {
      throw new IllegalArgumentException("cannot write " + node.getNodeType() + " as JSON");
    }
  }

  private static byte[] binary(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void newline(StringBuilder sb, String indent, int depth) {
    if (indent != null) {
      sb.append('\n');
      for (int i = 0; i < depth; i++) {
        sb.append(indent);
      }
    }
  }

  /** A JSON string literal with Go's escaping. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    string(sb, s);
    return sb.toString();
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(sb, c);
        default -> {
          if (c < 0x20) {
            unicode(sb, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            sb.append("\\ufffd"); // Go replaces invalid UTF-8 with U+FFFD
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void unicode(StringBuilder sb, char c) {
    sb.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
