package io.berth.api.filters;

/**
 * The tokenizer of containerd's filter language, over the UTF-8 bytes of the input. Positions
 * are byte offsets, as in containerd's error messages.
 *
 * <p>A scan yields either one of the token kinds below (negative numbers) or, for a character
 * that starts no token, that character itself (a non-negative rune). Whether a run of characters
 * is a value or a field depends on state: after an operator the scanner reads a value, after a
 * separator it reads fields again. {@code /}, {@code |} and {@code "} always open a quoted token.
 */
final class Scanner {

  static final int EOF = -1;
  static final int QUOTED = -2;
  static final int VALUE = -3;
  static final int FIELD = -4;
  static final int SEPARATOR = -5;
  static final int OPERATOR = -6;
  static final int ILLEGAL = -7;

  /** One scanned token: its start, kind (or rune), and the byte range of its text. */
  record Token(int pos, int kind, int start, int end) {}

  private final byte[] input;
  private int pos;
  private int ppos;
  private boolean value;
  private String err = "";

  Scanner(byte[] input) {
    this.input = input;
  }

  /** The first error the scanner met, or "" (later errors never replace it). */
  String error() {
    return err;
  }

  /** The offset just past the last consumed rune. */
  int ppos() {
    return ppos;
  }

  int next() {
    if (pos >= input.length) {
      return EOF;
    }
    pos = ppos;
    long d = GoUtf8.decode(input, ppos);
    int r = GoUtf8.rune(d);
    int w = GoUtf8.width(d);
    ppos += w;
    if (r == GoUtf8.RUNE_ERROR) {
      if (w > 0) {
        fail("rune error");
        return ILLEGAL;
      }
      return EOF;
    }
    if (r == 0) {
      fail("unexpected null");
      return ILLEGAL;
    }
    return r;
  }

  int peek() {
    int savedPos = pos;
    int savedPpos = ppos;
    int ch = next();
    pos = savedPos;
    ppos = savedPpos;
    return ch;
  }

  Token scan() {
    int ch = next();
    int start = pos;
    while (true) {
      if (ch == EOF || ch == ILLEGAL) {
        return new Token(pos, ch, pos, pos);
      }
      if (isQuoteRune(ch)) {
        int kind = scanQuoted(ch) ? QUOTED : ILLEGAL;
        return new Token(start, kind, start, ppos);
      }
      if (isSeparatorRune(ch)) {
        value = false;
        return new Token(start, SEPARATOR, start, ppos);
      }
      if (isOperatorRune(ch)) {
        scanOperator();
        value = true;
        return new Token(start, OPERATOR, start, ppos);
      }
      if (isSpace(ch)) {
        ch = next();
        start = pos;
        continue;
      }
      if (value) {
        scanWhile(Scanner::isValueRune);
        value = false;
        return new Token(start, VALUE, start, ppos);
      }
      if (isFieldRune(ch)) {
        scanWhile(Scanner::isFieldRune);
        return new Token(start, FIELD, start, ppos);
      }
      return new Token(pos, ch, pos, pos);
    }
  }

  private interface RuneClass {
    boolean contains(int r);
  }

  private void scanWhile(RuneClass runes) {
    while (runes.contains(peek())) {
      next();
    }
  }

  private void scanOperator() {
    scanWhile(Scanner::isOperatorRune);
  }

  private boolean scanQuoted(int quote) {
    boolean illegal = false;
    int ch = next();
    while (ch != quote) {
      if (ch == '\n' || ch < 0) {
        fail("quoted literal not terminated");
        return false;
      }
      if (ch == '\\') {
        long escaped = scanEscape(quote);
        ch = (int) (escaped >> 1);
        if ((escaped & 1) == 0) {
          illegal = true;
        }
      } else {
        ch = next();
      }
    }
    return !illegal;
  }

  /** Reads an escape after its backslash: the next rune shifted left by one, low bit = legal. */
  private long scanEscape(int quote) {
    int ch = next();
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
        return legal(next());
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        return scanDigits(ch, 8, 3);
      }
      case 'x' -> {
        return scanDigits(next(), 16, 2);
      }
      case 'u' -> {
        return scanDigits(next(), 16, 4);
      }
      case 'U' -> {
        return scanDigits(next(), 16, 8);
      }
      default -> {
        if (ch == quote) {
          return legal(next());
        }
        fail("illegal escape sequence");
        return (long) ch << 1;
      }
    }
  }

  private long scanDigits(int ch, int base, int n) {
    while (n > 0 && digitValue(ch) < base) {
      ch = next();
      n--;
    }
    if (n > 0) {
      fail("illegal numeric escape sequence");
      return (long) ch << 1;
    }
    return legal(ch);
  }

  private static long legal(int ch) {
    return ((long) ch << 1) | 1;
  }

  private void fail(String msg) {
    if (err.isEmpty()) {
      err = msg;
    }
  }

  private static int digitValue(int ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return 16;
  }

  static boolean isFieldRune(int r) {
    return r == '_' || (r >= 'A' && r <= 'Z') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9');
  }

  static boolean isOperatorRune(int r) {
    return r == '=' || r == '!' || r == '~';
  }

  static boolean isQuoteRune(int r) {
    return r == '/' || r == '|' || r == '"';
  }

  static boolean isSeparatorRune(int r) {
    return r == ',' || r == '.';
  }

  /** Go's unicode.IsSpace. */
  static boolean isSpace(int r) {
    if (r < 0) {
      return false;
    }
    if (r <= 0xFF) {
      return r == '\t' || r == '\n' || r == 0x0B || r == '\f' || r == '\r' || r == ' '
          || r == 0x85 || r == 0xA0;
    }
    return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029
        || r == 0x202F || r == 0x205F || r == 0x3000;
  }

  /** A rune of an unquoted value: a graphic character (letter, mark, number, punctuation, symbol). */
  static boolean isValueRune(int r) {
    if (r < 0 || r == ',' || isSpace(r)) {
      return false;
    }
    return switch (Character.getType(r)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL, Character.SPACE_SEPARATOR -> true;
      default -> false;
    };
  }
}
