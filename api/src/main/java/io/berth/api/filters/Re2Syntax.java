package io.berth.api.filters;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates an RE2 expression (Go's regexp syntax with its Perl flags, as containerd compiles
 * {@code ~=} values) into java.util.regex source with the same meaning.
 *
 * <p>What RE2 refuses is refused here too (back-references, look-around, possessive or stacked
 * repetitions, counts above 1000, {@code \Z}, {@code \C}, unknown escapes, unknown classes), and
 * the differences in meaning are translated away: {@code ^ $} match only at the ends of the text
 * unless {@code (?m)}, and then only around {@code \n}; {@code .} excludes only {@code \n};
 * {@code \s} and {@code \v} have RE2's ASCII meaning; a {@code {} that starts no repetition is a
 * literal; POSIX classes {@code [[:alpha:]]}, octal escapes and the {@code U} (ungreedy) flag are
 * supported; inside a class {@code [} and {@code &&} are plain characters. Every literal is
 * written as a {@code \x{…}} escape so that no Java metacharacter leaks through.
 *
 * <p>Known difference: a repetition right after a bare flag group, as in {@code a(?i)*}, is
 * refused here while RE2 applies it to {@code a}.
 */
final class Re2Syntax {

  /** The expression is not valid RE2; containerd would fail to compile it. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  static final int MAX_REPEAT = 1000;
  static final int MAX_DEPTH = 1000;
  private static final int MAX_RUNE = Character.MAX_CODE_POINT;

  private static final Set<String> CATEGORIES = Set.of(
      "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
      "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
      "Sm", "So", "Z", "Zl", "Zp", "Zs");

  private static final int[] DIGIT = {'0', '9'};
  private static final int[] SPACE = {'\t', '\n', '\f', '\r', ' ', ' '};
  private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};

  private static final Map<String, int[]> POSIX = Map.ofEntries(
      Map.entry("alnum", new int[] {'0', '9', 'A', 'Z', 'a', 'z'}),
      Map.entry("alpha", new int[] {'A', 'Z', 'a', 'z'}),
      Map.entry("ascii", new int[] {0, 0x7F}),
      Map.entry("blank", new int[] {'\t', '\t', ' ', ' '}),
      Map.entry("cntrl", new int[] {0, 0x1F, 0x7F, 0x7F}),
      Map.entry("digit", DIGIT),
      Map.entry("graph", new int[] {'!', '~'}),
      Map.entry("lower", new int[] {'a', 'z'}),
      Map.entry("print", new int[] {' ', '~'}),
      Map.entry("punct", new int[] {'!', '/', ':', '@', '[', '`', '{', '~'}),
      Map.entry("space", new int[] {'\t', '\r', ' ', ' '}),
      Map.entry("upper", new int[] {'A', 'Z'}),
      Map.entry("word", WORD),
      Map.entry("xdigit", new int[] {'0', '9', 'A', 'F', 'a', 'f'}));

  private record Flags(boolean fold, boolean multiline, boolean dotNl, boolean ungreedy) {}

  private record Frame(int outStart, Flags saved) {}

  private final int[] re;
  private final StringBuilder out = new StringBuilder();
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Set<String> names = new HashSet<>();
  private Flags flags = new Flags(false, false, false, false);
  private int i;
  private int atom = -1;
  private boolean lastRepeat;

  private Re2Syntax(int[] re) {
    this.re = re;
  }

  static String toJava(String expression) throws Invalid {
    int[] cps = expression.codePoints().toArray();
    for (int cp : cps) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        throw new Invalid("invalid UTF-8");
      }
    }
    Re2Syntax t = new Re2Syntax(cps);
    t.translate();
    return t.out.toString();
  }

  private void translate() throws Invalid {
    while (i < re.length) {
      int c = re[i];
      boolean repeated = false;
      switch (c) {
        case '(' -> openGroup();
        case ')' -> closeGroup();
        case '|' -> {
          out.append('|');
          atom = -1;
          i++;
        }
        case '^' -> {
          atom(flags.multiline ? "(?<![^\\n])" : "\\A");
          i++;
        }
        case '$' -> {
          atom(flags.multiline ? "(?![^\\n])" : "\\z");
          i++;
        }
        case '.' -> {
          atom(flags.dotNl ? "[\\x{0}-\\x{10FFFF}]" : "[^\\n]");
          i++;
        }
        case '[' -> {
          int start = out.length();
          charClass();
          atom = start;
        }
        case '*', '+', '?' -> {
          i++;
          repeat(String.valueOf((char) c));
          repeated = true;
        }
        case '{' -> {
          int[] counts = counts();
          if (counts == null) {
            literal('{');
            i++;
          } else {
            int min = counts[0];
            int max = counts[1];
            if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
              throw new Invalid("invalid repeat count");
            }
            String q = max == min ? "{" + min + "}"
                : max < 0 ? "{" + min + ",}" : "{" + min + "," + max + "}";
            repeat(q);
            repeated = true;
          }
        }
        case '\\' -> escape();
        default -> {
          literal(c);
          i++;
        }
      }
      lastRepeat = repeated;
    }
    if (!frames.isEmpty()) {
      throw new Invalid("missing closing )");
    }
  }

  private void atom(String java) {
    atom = out.length();
    out.append(java);
  }

  private void literal(int cp) {
    atom = out.length();
    appendChar(out, cp);
  }

  private static void appendChar(StringBuilder sb, int cp) {
    if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
      sb.append((char) cp);
    } else {
      sb.append("\\x{").append(Integer.toHexString(cp)).append('}');
    }
  }

  private void openGroup() throws Invalid {
    if (i + 1 < re.length && re[i + 1] == '?') {
      if (i + 3 < re.length && re[i + 2] == 'P' && re[i + 3] == '<') {
        namedGroup();
      } else {
        flagGroup();
      }
    } else {
      push("(?:");
      i++;
    }
  }

  private void push(String java) throws Invalid {
    frames.push(new Frame(out.length(), flags));
    if (frames.size() > MAX_DEPTH) {
      throw new Invalid("expression nests too deeply");
    }
    out.append(java);
    atom = -1;
  }

  private void namedGroup() throws Invalid {
    int j = i + 4;
    int end = j;
    while (end < re.length && re[end] != '>') {
      end++;
    }
    if (end >= re.length) {
      throw new Invalid("invalid named capture");
    }
    String name = new String(re, j, end - j);
    if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || isAlnum(ch))) {
      throw new Invalid("invalid named capture");
    }
    if (!names.add(name)) {
      throw new Invalid("duplicate capture group name");
    }
    push("(?:");
    i = end + 1;
  }

  private void flagGroup() throws Invalid {
    int j = i + 2;
    boolean fold = flags.fold;
    boolean multiline = flags.multiline;
    boolean dotNl = flags.dotNl;
    boolean ungreedy = flags.ungreedy;
    boolean on = true;
    boolean sawFlag = false;
    while (j < re.length) {
      int c = re[j++];
      switch (c) {
        case 'i' -> fold = on;
        case 'm' -> multiline = on;
        case 's' -> dotNl = on;
        case 'U' -> ungreedy = on;
        case '-' -> {
          if (!on) {
            throw new Invalid("invalid or unsupported Perl syntax");
          }
          on = false;
          sawFlag = false;
          continue;
        }
        case ':', ')' -> {
          if (!on && !sawFlag) {
            throw new Invalid("invalid or unsupported Perl syntax");
          }
          Flags next = new Flags(fold, multiline, dotNl, ungreedy);
          if (c == ':') {
            push(fold ? "(?iu:" : "(?-iu:");
          } else {
            if (fold != flags.fold) {
              out.append(fold ? "(?iu)" : "(?-iu)");
            }
            atom = -1;
          }
          flags = next;
          i = j;
          return;
        }
        default -> throw new Invalid("invalid or unsupported Perl syntax");
      }
      sawFlag = true;
    }
    throw new Invalid("invalid or unsupported Perl syntax");
  }

  private void closeGroup() throws Invalid {
    if (frames.isEmpty()) {
      throw new Invalid("unexpected )");
    }
    Frame f = frames.pop();
    out.append(')');
    flags = f.saved();
    atom = f.outStart();
    i++;
  }

  /** Applies a repetition (already consumed) to the last atom; {@code i} is just past it. */
  private void repeat(String quantifier) throws Invalid {
    boolean lazy = false;
    if (i < re.length && re[i] == '?') {
      lazy = true;
      i++;
    }
    if (lastRepeat) {
      throw new Invalid("invalid nested repetition operator");
    }
    if (atom < 0) {
      throw new Invalid("missing argument to repetition operator");
    }
    if (flags.ungreedy) {
      lazy = !lazy;
    }
    out.insert(atom, "(?:");
    out.append(')').append(quantifier);
    if (lazy) {
      out.append('?');
    }
  }

  /** {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}: {min, max (-1 = none)}, or null. */
  private int[] counts() {
    int j = i + 1;
    int[] min = number(j);
    if (min == null) {
      return null;
    }
    j = min[1];
    if (j >= re.length) {
      return null;
    }
    int max;
    if (re[j] != ',') {
      max = min[0];
    } else {
      j++;
      if (j >= re.length) {
        return null;
      }
      if (re[j] == '}') {
        max = -1;
      } else {
        int[] m = number(j);
        if (m == null) {
          return null;
        }
        max = m[0];
        j = m[1];
        if (max < 0) {
          min[0] = -1;
        }
      }
    }
    if (j >= re.length || re[j] != '}') {
      return null;
    }
    i = j + 1;
    return new int[] {min[0], max};
  }

  /** A decimal without leading zeros at {@code j}: {value (-1 if too large), end}, or null. */
  private int[] number(int j) {
    int start = j;
    if (j >= re.length || re[j] < '0' || re[j] > '9') {
      return null;
    }
    if (j + 1 < re.length && re[j] == '0' && re[j + 1] >= '0' && re[j + 1] <= '9') {
      return null;
    }
    while (j < re.length && re[j] >= '0' && re[j] <= '9') {
      j++;
    }
    if (j - start > 8) {
      return new int[] {-1, j};
    }
    return new int[] {Integer.parseInt(new String(re, start, j - start)), j};
  }

  private void escape() throws Invalid {
    if (i + 1 >= re.length) {
      throw new Invalid("trailing backslash at end of expression");
    }
    int c = re[i + 1];
    switch (c) {
      case 'A' -> {
        atom("\\A");
        i += 2;
      }
      case 'z' -> {
        atom("\\z");
        i += 2;
      }
      case 'b' -> {
        atom("\\b");
        i += 2;
      }
      case 'B' -> {
        atom("\\B");
        i += 2;
      }
      case 'C' -> throw new Invalid("invalid escape sequence");
      case 'Q' -> quoted();
      case 'p', 'P' -> {
        int start = out.length();
        StringBuilder item = new StringBuilder();
        unicodeClass(item);
        appendClass(out, false, item);
        atom = start;
      }
      case 'd', 'D', 's', 'S', 'w', 'W' -> {
        int start = out.length();
        StringBuilder item = new StringBuilder();
        appendRanges(item, perlClass(c));
        appendClass(out, false, item);
        atom = start;
        i += 2;
      }
      default -> {
        int cp = singleEscape();
        literal(cp);
      }
    }
  }

  private void quoted() {
    int j = i + 2;
    while (j < re.length && !(re[j] == '\\' && j + 1 < re.length && re[j + 1] == 'E')) {
      literal(re[j]);
      j++;
    }
    i = j < re.length ? j + 2 : j;
  }

  /** An escape for one character at {@code i} (the backslash); advances {@code i}. */
  private int singleEscape() throws Invalid {
    int j = i + 1;
    if (j >= re.length) {
      throw new Invalid("trailing backslash at end of expression");
    }
    int c = re[j++];
    int result;
    switch (c) {
      case '1', '2', '3', '4', '5', '6', '7', '0' -> {
        if (c != '0' && (j >= re.length || re[j] < '0' || re[j] > '7')) {
          throw new Invalid("invalid escape sequence");
        }
        int r = c - '0';
        for (int k = 1; k < 3 && j < re.length && re[j] >= '0' && re[j] <= '7'; k++) {
          r = r * 8 + (re[j++] - '0');
        }
        result = r;
      }
      case 'x' -> {
        if (j >= re.length) {
          throw new Invalid("invalid escape sequence");
        }
        int d = re[j++];
        if (d == '{') {
          int r = 0;
          int digits = 0;
          while (true) {
            if (j >= re.length) {
              throw new Invalid("invalid escape sequence");
            }
            int h = re[j++];
            if (h == '}') {
              break;
            }
            int v = hex(h);
            if (v < 0) {
              throw new Invalid("invalid escape sequence");
            }
            r = r * 16 + v;
            if (r > MAX_RUNE) {
              throw new Invalid("invalid escape sequence");
            }
            digits++;
          }
          if (digits == 0) {
            throw new Invalid("invalid escape sequence");
          }
          result = r;
        } else {
          if (j >= re.length) {
            throw new Invalid("invalid escape sequence");
          }
          int x = hex(d);
          int y = hex(re[j++]);
          if (x < 0 || y < 0) {
            throw new Invalid("invalid escape sequence");
          }
          result = x * 16 + y;
        }
      }
      case 'a' -> result = 0x07;
      case 'f' -> result = '\f';
      case 'n' -> result = '\n';
      case 'r' -> result = '\r';
      case 't' -> result = '\t';
      case 'v' -> result = 0x0B;
      default -> {
        if (c < 0x80 && !isAlnum(c)) {
          result = c;
        } else {
          throw new Invalid("invalid escape sequence");
        }
      }
    }
    i = j;
    return result;
  }

  /** {@code \pX}, {@code \p{Name}}, {@code \PX}, {@code \p{^Name}} at {@code i}, as a class item. */
  private void unicodeClass(StringBuilder item) throws Invalid {
    boolean negated = re[i + 1] == 'P';
    int j = i + 2;
    if (j >= re.length) {
      throw new Invalid("invalid character class range");
    }
    String name;
    if (re[j] != '{') {
      name = new String(re, j, 1);
      j++;
    } else {
      int end = j + 1;
      while (end < re.length && re[end] != '}') {
        end++;
      }
      if (end >= re.length) {
        throw new Invalid("invalid character class range");
      }
      name = new String(re, j + 1, end - j - 1);
      j = end + 1;
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    String property;
    if (name.equals("Any")) {
      appendRanges(item, negated ? new int[] {} : new int[] {0, MAX_RUNE});
      i = j;
      return;
    } else if (CATEGORIES.contains(name)) {
      property = "gc=" + name;
    } else if (isScript(name)) {
      property = "sc=" + name;
    } else {
      throw new Invalid("invalid character class range");
    }
    item.append(negated ? "\\P{" : "\\p{").append(property).append('}');
    i = j;
  }

  private static boolean isScript(String name) {
    if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
      return false;
    }
    try {
      Character.UnicodeScript script = Character.UnicodeScript.forName(name);
      return script.name().equalsIgnoreCase(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void charClass() throws Invalid {
    int j = i + 1;
    boolean negated = false;
    if (j < re.length && re[j] == '^') {
      negated = true;
      j++;
    }
    StringBuilder items = new StringBuilder();
    boolean first = true;
    while (j >= re.length || re[j] != ']' || first) {
      if (j >= re.length) {
        throw new Invalid("missing closing ]");
      }
      first = false;
      if (re[j] == '[' && j + 2 < re.length && re[j + 1] == ':') {
        int close = find(j + 2, ':', ']');
        if (close >= 0) {
          String name = new String(re, j + 2, close - j - 2);
          boolean neg = name.startsWith("^");
          int[] ranges = POSIX.get(neg ? name.substring(1) : name);
          if (ranges == null) {
            throw new Invalid("invalid character class range");
          }
          appendRanges(items, neg ? complement(ranges) : ranges);
          j = close + 2;
          continue;
        }
      }
      if (re[j] == '\\' && j + 1 < re.length && (re[j + 1] == 'p' || re[j + 1] == 'P')) {
        i = j;
        unicodeClass(items);
        j = i;
        continue;
      }
      if (re[j] == '\\' && j + 1 < re.length && "dDsSwW".indexOf(re[j + 1]) >= 0) {
        appendRanges(items, perlClass(re[j + 1]));
        j += 2;
        continue;
      }
      i = j;
      int lo = classChar();
      int hi = lo;
      j = i;
      if (j + 1 < re.length && re[j] == '-' && re[j + 1] != ']') {
        i = j + 1;
        hi = classChar();
        j = i;
        if (hi < lo) {
          throw new Invalid("invalid character class range");
        }
      }
      appendRanges(items, new int[] {lo, hi});
    }
    i = j + 1;
    appendClass(out, negated, items);
  }

  /** A Java class of the items; with no items it matches nothing (or, negated, anything). */
  private static void appendClass(StringBuilder sb, boolean negated, CharSequence items) {
    if (items.isEmpty()) {
      sb.append(negated ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{0}-\\x{10FFFF}]");
      return;
    }
    sb.append(negated ? "[^" : "[").append(items).append(']');
  }

  private int classChar() throws Invalid {
    if (i >= re.length) {
      throw new Invalid("missing closing ]");
    }
    if (re[i] == '\\') {
      return singleEscape();
    }
    return re[i++];
  }

  /** The index of the first {@code a b} pair at or after {@code from}, or -1. */
  private int find(int from, int a, int b) {
    for (int k = from; k + 1 < re.length; k++) {
      if (re[k] == a && re[k + 1] == b) {
        return k;
      }
    }
    return -1;
  }

  private static int[] perlClass(int c) {
    int[] base = switch (Character.toLowerCase(c)) {
      case 'd' -> DIGIT;
      case 's' -> SPACE;
      default -> WORD;
    };
    return Character.isUpperCase(c) ? complement(base) : base;
  }

  /** The complement over all runes of sorted, non-overlapping ranges. */
  private static int[] complement(int[] ranges) {
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (int k = 0; k < ranges.length; k += 2) {
      if (ranges[k] > next) {
        out.add(next);
        out.add(ranges[k] - 1);
      }
      next = ranges[k + 1] + 1;
    }
    if (next <= MAX_RUNE) {
      out.add(next);
      out.add(MAX_RUNE);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Ranges (pairs of inclusive bounds) as Java class items. */
  private static void appendRanges(StringBuilder sb, int[] ranges) {
    for (int k = 0; k < ranges.length; k += 2) {
      appendChar(sb, ranges[k]);
      if (ranges[k + 1] != ranges[k]) {
        sb.append('-');
        appendChar(sb, ranges[k + 1]);
      }
    }
  }

  private static boolean isAlnum(int c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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
