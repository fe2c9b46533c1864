package io.berth.api.filters;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.validation.GoQuote;
import java.util.ArrayList;
import java.util.List;

/**
 * The recursive-descent parser of one filter string:
 *
 * <pre>
 * selectors := selector ("," selector)*
 * selector  := fieldpath (operator value)?
 * fieldpath := field ("." field)*
 * field     := [A-Za-z0-9_]+ | "quoted"
 * operator  := "==" | "!=" | "~="
 * value     := unquoted | "quoted" | /quoted/ or |quoted| (the last two only after ~=)
 * </pre>
 *
 * Errors carry containerd's text: {@code filters: parse error: [before >|c|< after]: message},
 * where {@code c} is the byte at the error position.
 */
final class Parser {

  private final byte[] input;
  private final Scanner scanner;

  private Parser(String text) {
    this.input = GoUtf8.encode(text);
    this.scanner = new Scanner(input);
  }

  /** Parses one non-empty filter string into the AND of its selectors. */
  static Filter parse(String text) {
    return new Parser(text).selectors();
  }

  private Filter selectors() {
    List<Filter> all = new ArrayList<>();
    all.add(selector());
    while (true) {
      int ch = scanner.peek();
      if (ch == ',') {
        Scanner.Token t = scanner.scan();
        if (t.kind() != Scanner.SEPARATOR) {
          throw error(t.pos(), "expected a separator");
        }
        all.add(selector());
      } else if (ch == Scanner.EOF) {
        return all.size() == 1 ? all.getFirst() : new And(all);
      } else {
        throw error(scanner.ppos(), "unexpected input: " + runeText(ch));
      }
    }
  }

  private Selector selector() {
    List<String> fieldpath = fieldpath();
    int next = scanner.peek();
    if (next == ',' || next == Scanner.EOF) {
      return new Selector(fieldpath, Operator.PRESENT, "");
    }
    Operator op = operator();
    String value = value(op == Operator.MATCHES);
    return new Selector(fieldpath, op, value);
  }

  private List<String> fieldpath() {
    List<String> fields = new ArrayList<>();
    fields.add(field());
    while (scanner.peek() == '.') {
      Scanner.Token t = scanner.scan();
      if (t.kind() != Scanner.SEPARATOR) {
        throw error(t.pos(), "expected a field separator (`.`)");
      }
      fields.add(field());
    }
    return fields;
  }

  private String field() {
    Scanner.Token t = scanner.scan();
    return switch (t.kind()) {
      case Scanner.FIELD -> text(t);
      case Scanner.QUOTED -> unquote(t, false);
      case Scanner.ILLEGAL -> throw error(t.pos(), scanner.error());
      default -> throw error(t.pos(), "expected field or quoted");
    };
  }

  private Operator operator() {
    Scanner.Token t = scanner.scan();
    if (t.kind() == Scanner.OPERATOR) {
      String s = text(t);
      return switch (s) {
        case "==" -> Operator.EQUAL;
        case "!=" -> Operator.NOT_EQUAL;
        case "~=" -> Operator.MATCHES;
        default -> throw error(t.pos(), "unsupported operator " + GoQuote.quote(s));
      };
    }
    if (t.kind() == Scanner.ILLEGAL) {
      throw error(t.pos(), scanner.error());
    }
    throw error(t.pos(), "expected an operator (\"==\"|\"!=\"|\"~=\")");
  }

  private String value(boolean allowAltQuotes) {
    Scanner.Token t = scanner.scan();
    return switch (t.kind()) {
      case Scanner.VALUE, Scanner.FIELD -> text(t);
      case Scanner.QUOTED -> unquote(t, allowAltQuotes);
      case Scanner.ILLEGAL -> throw error(t.pos(), scanner.error());
      default -> throw error(t.pos(), "expected value or quoted");
    };
  }

  private String unquote(Scanner.Token t, boolean allowAlts) {
    if (!allowAlts && input[t.start()] != '"') {
      throw error(t.pos(), "invalid quote encountered");
    }
    try {
      return Unquote.unquote(input, t.start(), t.end());
    } catch (Unquote.SyntaxError e) {
      throw error(t.pos(), "unquoting failed: " + e.getMessage());
    }
  }

  private String text(Scanner.Token t) {
    return GoUtf8.value(java.util.Arrays.copyOfRange(input, t.start(), t.end()));
  }

  /** How Go prints string(rune) for a peeked rune: invalid runes show as U+FFFD. */
  private static String runeText(int ch) {
    return ch < 0 ? "\uFFFD" : Character.toString(ch);
  }

  private InvalidArgumentException error(int pos, String msg) {
    String where;
    if (pos < input.length) {
      where = "[" + GoUtf8.display(input, 0, pos) + " >|" + GoUtf8.display(input, pos, pos + 1)
          + "|< " + GoUtf8.display(input, pos + 1, input.length) + "]";
    } else {
      where = "[" + GoUtf8.display(input, 0, input.length) + "]";
    }
    return new InvalidArgumentException("filters: parse error: " + where + ": " + msg);
  }
}
