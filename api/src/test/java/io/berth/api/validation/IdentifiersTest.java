package io.berth.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

  private static final Pattern RULE = Pattern.compile(Identifiers.PATTERN);

  @Test
  void theScanAgreesWithThePattern() {
    List<String> cases = new ArrayList<>(List.of("a", "A9", "a.b", "a_b-c.d", "web-1", "a..b",
        ".a", "a.", "-", "", "a/b", "a b", "ä", "a-.b", "1.2.3", "_", "a__b", "Z"));
    Random random = new Random(42);
    String alphabet = "aZ09._-/ é";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(8); n > 0; n--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      cases.add(sb.toString());
    }
    for (String s : cases) {
      assertThat(Identifiers.matches(s)).as(s).isEqualTo(RULE.matcher(s).matches());
    }
  }

  @Test
  void lengthLimit() {
    assertThat(Identifiers.isValid("a".repeat(Identifiers.MAX_LENGTH))).isTrue();
    assertThat(Identifiers.isValid("a".repeat(Identifiers.MAX_LENGTH + 1))).isFalse();
    assertThat(Identifiers.isValid(null)).isFalse();
    assertThat(Identifiers.isValid("")).isFalse();
  }
}
