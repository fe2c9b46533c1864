package io.berth.api.filters;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random inputs: every string either parses or fails with InvalidArgument carrying containerd's
 * parse-error prefix; parsed filters then match without throwing, on short and on label-sized
 * (4 KiB) values.
 */
class FiltersFuzzTest {

  private static final String[] PIECES = {
      "a", "b", "labels", "id", "_", "0", "9", ".", ",", "=", "==", "!=", "~=", "!", "~", " ",
      "\t", "\n", "\"", "/", "|", "\\", "\\n", "\\x4", "\\u00e9", "\\400", "\\g", "'", "(", ")",
      "[", "]", "{", "}", "*", "+", "?", "^", "$", "牛", "é", "\u0000", "\uFFFD", "\uD800",
      "\u3000", "(?i)", "\\p{Greek}", "[[:alpha:]]", "a{2,3}", "(a|aa)*", "\\Q", "\\E", "-",
  };

  private static final Adaptor SUBJECT = path -> switch (path.getFirst()) {
    case "id" -> Optional.of("abc-123");
    case "a" -> Optional.of("a".repeat(4096));
    case "labels" -> Adaptor.mapEntry(Map.of("a", "aaaa", "b.c", "x"), path.subList(1, path.size()));
    default -> Optional.empty();
  };

  @Test
  void randomPieceStringsParseOrFailCleanly() {
    Random random = new Random(20240611L);
    int parsed = 0;
    for (int n = 0; n < 10_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(12);
      for (int k = 0; k < len; k++) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      if (check(sb.toString())) {
        parsed++;
      }
    }
    assertThat(parsed).isPositive();
  }

  @Test
  void randomCharacterStringsParseOrFailCleanly() {
    Random random = new Random(7L);
    for (int n = 0; n < 10_000; n++) {
      int len = random.nextInt(16);
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < len; k++) {
        int pick = random.nextInt(10);
        if (pick < 7) {
          sb.append((char) (0x20 + random.nextInt(0x5F)));
        } else if (pick < 9) {
          sb.append((char) random.nextInt(0x20));
        } else {
          sb.appendCodePoint(random.nextInt(0x30000));
        }
      }
      check(sb.toString());
    }
  }

  @Test
  void randomRegexValuesNeverThrow() {
    Random random = new Random(99L);
    String[] re = {"a", "*", "+", "?", "(", ")", "|", "[", "]", "^", "$", ".", "\\", "{", "}",
        "1", ",", "-", ":", "d", "p", "P", "Q", "E", "x", "?i", "?P<", ">", "a*", "(a|aa)"};
    for (int n = 0; n < 3_000; n++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(10);
      for (int k = 0; k < len; k++) {
        sb.append(re[random.nextInt(re.length)]);
      }
      Regex r = Regex.compile(sb.toString());
      r.find("aaaaaaaaaaaaaaaa!");
      r.find("");
      Filter f = new Selector(List.of("id"), Operator.MATCHES, sb.toString());
      f.match(SUBJECT);
    }
  }

  /** Parses and matches one input; returns whether it parsed. */
  private static boolean check(String input) {
    Filter f;
    try {
      f = Filters.parse(input);
    } catch (InvalidArgumentException e) {
      assertThat(e.getMessage()).as(input).startsWith("filters: parse error: [")
          .endsWith(": invalid argument");
      return false;
    }
    f.match(SUBJECT);
    f.match(path -> Optional.empty());
    return true;
  }
}
