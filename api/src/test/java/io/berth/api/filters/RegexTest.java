package io.berth.api.filters;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegexTest {

  private static boolean find(String re, String input) {
    Regex r = Regex.compile(re);
    assertThat(r.isValid()).as("valid: %s (%s)", re, r.invalidReason()).isTrue();
    return r.find(input);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "(", ")", "a)", "[a", "[]", "[z-a]", "*", "+a", "a**", "a*+", "a++", "a?*", "a{2}{3}",
      "a{1001}", "a{2,1}", "a{1,1001}", "a{99999999999}", "\\1", "\\8", "(?=a)", "(?!a)",
      "(?<=a)", "(?<!a)", "(?>a)", "(?<n>a)", "(?P<>a)", "(?P<a-b>a)", "(?P<n>a)(?P<n>b)",
      "(?P<n", "(?x)", "(?i-)", "(?--i)", "(?", "\\Z", "\\G", "\\C", "\\e", "\\h", "\\R",
      "\\X", "\\k<n>", "\\", "\\x", "\\xg0", "\\x{}", "\\x{110000}", "\\x{12", "\\p", "\\p{}",
      "\\p{Nope}", "\\pX", "\\p{latin}", "[[:nope:]]", "[\\b]", "[\\Q]", "[a-\\d]", "|*",
      "(*)", "(|+)", "\\Qa\\E**"})
  void invalidExpressions(String re) {
    Regex r = Regex.compile(re);
    assertThat(r.isValid()).as(re).isFalse();
    assertThat(r.invalidReason()).isPresent();
    assertThat(r.find("anything")).isFalse();
    assertThat(r.find("")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "a", "a|", "|a", "()", "(|a)", "(?:a)", "(?i)a", "(?i:a)", "(?i-s:a)", "(?i-i)a",
      "(?)", "(?m)^a$", "(?s).", "(?U)a+", "(?P<name_1>a)", "a{2}", "a{2,}", "a{2,3}",
      "a{1000}", "a{,3}", "a{", "a{x}", "{", "a{01}", "\\{", "[]a]", "[^]a]", "[a-]", "[-a]",
      "[a-b-c]", "[[]", "[[:alpha:]]", "[[:^alpha:]]", "[a&&b]", "[\\d\\pL]", "\\pL", "\\PL",
      "\\p{Greek}", "\\p{^Greek}", "\\P{^Greek}", "\\p{Any}", "\\P{Any}", "\\p{Old_Italic}",
      "\\Qa.b\\E", "\\Qa.b", "\\x41", "\\x{1F600}", "\\101", "\\0", "\\012", "\\a\\f\\t\\n\\r\\v",
      "\\.\\*\\_\\-\\/\\ ", "\\A\\z\\b\\B", "^*", "\\b+", "a*?", "a+?", "a??", "a{2}?",
      "(?P<a>x)(?P<b>y)"})
  void validExpressions(String re) {
    Regex r = Regex.compile(re);
    assertThat(r.isValid()).as("%s: %s", re, r.invalidReason()).isTrue();
  }

  @Test
  void searchIsUnanchored() {
    assertThat(find("b", "abc")).isTrue();
    assertThat(find("^/tasks/", "/tasks/exit")).isTrue();
    assertThat(find("^/tasks/", "x/tasks/exit")).isFalse();
    assertThat(find("", "")).isTrue();
  }

  @Test
  void dollarIsTheEndOfTextUnlessMultiline() {
    assertThat(find("a$", "a\n")).isFalse();
    assertThat(find("(?m)a$", "a\nb")).isTrue();
    assertThat(find("(?m)a$", "a\rb")).isFalse();
    assertThat(find("(?m)^b", "a\nb")).isTrue();
    assertThat(find("(?m)^$", "a\n")).isTrue();
    assertThat(find("^b", "a\nb")).isFalse();
    assertThat(find("(?m:^b)|^c", "a\nc")).isFalse();
  }

  @Test
  void dotExcludesOnlyNewline() {
    assertThat(find("^.$", "\r")).isTrue();
    assertThat(find("^.$", "\u2028")).isTrue();
    assertThat(find("^.$", "\n")).isFalse();
    assertThat(find("(?s)^.$", "\n")).isTrue();
    assertThat(find("^.$", "\uD83D\uDE00")).isTrue();
  }

  @Test
  void perlClassesAreAscii() {
    assertThat(find("^\\s$", "\u000b")).isFalse();
    assertThat(find("^\\S$", "\u000b")).isTrue();
    assertThat(find("^\\s$", "\t")).isTrue();
    assertThat(find("^\\d$", "\u0663")).isFalse();
    assertThat(find("^\\w+$", "a_1")).isTrue();
    assertThat(find("^\\w$", "é")).isFalse();
    assertThat(find("^[^\\d]$", "x")).isTrue();
    assertThat(find("^[\\D]$", "1")).isFalse();
    assertThat(find("^\\v$", "\u000b")).isTrue();
    assertThat(find("^\\v$", "\n")).isFalse();
  }

  @Test
  void classesTreatJavaMetacharactersLiterally() {
    assertThat(find("^[a&&b]+$", "a&b")).isTrue();
    assertThat(find("^[[]$", "[")).isTrue();
    assertThat(find("^[]a]+$", "]a")).isTrue();
    assertThat(find("^[^]a]$", "b")).isTrue();
    assertThat(find("^[a-]+$", "-a")).isTrue();
    assertThat(find("^[a-b-c]+$", "a-c")).isTrue();
    assertThat(find("^[a-b-c]+$", "b")).isTrue();
    assertThat(find("^[[:alpha:]]+$", "abZ")).isTrue();
    assertThat(find("^[[:alpha:]]$", "é")).isFalse();
    assertThat(find("^[[:^alpha:]]$", "1")).isTrue();
    assertThat(find("^[[:punct:]]+$", "!/:@[`{~")).isTrue();
    assertThat(find("^[[:a]$", "[")).isTrue();
  }

  @Test
  void braceThatStartsNoRepetitionIsLiteral() {
    assertThat(find("^a{$", "a{")).isTrue();
    assertThat(find("^a{,3}$", "a{,3}")).isTrue();
    assertThat(find("^a{01}$", "a{01}")).isTrue();
    assertThat(find("^a{2}$", "aa")).isTrue();
    assertThat(find("^a{2,}$", "aaaa")).isTrue();
    assertThat(find("^a{2,3}$", "aaaa")).isFalse();
  }

  @Test
  void escapes() {
    assertThat(find("^\\101\\x42\\x{43}$", "ABC")).isTrue();
    assertThat(find("^\\12$", "\n")).isTrue();
    assertThat(find("^\\0$", "\0")).isTrue();
    assertThat(find("^\\Qa.b\\E$", "a.b")).isTrue();
    assertThat(find("^\\Qa.b\\E$", "axb")).isFalse();
    assertThat(find("^\\Qa.b$", "a.b$")).isTrue();
    assertThat(find("^\\/\\-\\_$", "/-_")).isTrue();
    assertThat(find("\\bfoo\\b", "a foo b")).isTrue();
    assertThat(find("\\bfoo\\b", "afoo")).isFalse();
    assertThat(find("\\Afoo\\z", "foo")).isTrue();
  }

  @Test
  void unicodeClasses() {
    assertThat(find("^\\pL+$", "héllo")).isTrue();
    assertThat(find("^\\p{Greek}+$", "αβγ")).isTrue();
    assertThat(find("^\\p{Greek}$", "a")).isFalse();
    assertThat(find("^\\P{Greek}$", "a")).isTrue();
    assertThat(find("^\\p{^Greek}$", "a")).isTrue();
    assertThat(find("^\\P{^Greek}$", "α")).isTrue();
    assertThat(find("^\\p{Any}$", "\n")).isTrue();
    assertThat(find("\\P{Any}", "abc")).isFalse();
    assertThat(find("^[a\\P{Any}]$", "a")).isTrue();
    assertThat(find("^\\p{Lu}$", "A")).isTrue();
  }

  @Test
  void flags() {
    assertThat(find("(?i)^abc$", "ABC")).isTrue();
    assertThat(find("(?i:a)b", "AB")).isFalse();
    assertThat(find("(?i:a)b", "Ab")).isTrue();
    assertThat(find("(?i)a(?-i)b", "Ab")).isTrue();
    assertThat(find("(?i)a(?-i)b", "AB")).isFalse();
    assertThat(find("(?i)é", "É")).isTrue();
    assertThat(find("(?U)^(a+)b", "aaab")).isTrue();
  }

  @Test
  void translationOfAnchorsAndGreediness() throws Re2Syntax.Invalid {
    assertThat(Re2Syntax.toJava("(?U)a+")).isEqualTo("(?:a)+?");
    assertThat(Re2Syntax.toJava("(?U)a+?")).isEqualTo("(?:a)+");
    assertThat(Re2Syntax.toJava("a*?")).isEqualTo("(?:a)*?");
    assertThat(Re2Syntax.toJava("^a$")).isEqualTo("\\Aa\\z");
    assertThat(Re2Syntax.toJava("(?m)^a$")).isEqualTo("(?<![^\\n])a(?![^\\n])");
    assertThat(Re2Syntax.toJava("(?i:a)")).isEqualTo("(?iu:a)");
    assertThat(Re2Syntax.toJava("a.b")).isEqualTo("a[^\\n]b");
    assertThat(Re2Syntax.toJava("[a-c]")).isEqualTo("[a-c]");
    assertThat(Re2Syntax.toJava("&")).isEqualTo("\\x{26}");
  }

  @Test
  void repetitionAppliesToTheLastAtomOnly() {
    assertThat(find("^ab*$", "abbb")).isTrue();
    assertThat(find("^ab*$", "abab")).isFalse();
    assertThat(find("^(ab)*$", "abab")).isTrue();
    assertThat(find("^[ab]+$", "abba")).isTrue();
    assertThat(find("^\\Qab\\E+$", "abbb")).isTrue();
    assertThat(find("^x\\d+$", "x123")).isTrue();
    assertThat(find("^x.+$", "x123")).isTrue();
    assertThat(find("^a|b+$", "bb")).isTrue();
  }

  @Test
  void catastrophicBacktrackingEndsAsNoMatch() {
    String input = "a".repeat(64) + "!";
    Regex r = Regex.compile("^(a|aa|aaa)*$");
    assertThat(r.isValid()).isTrue();
    assertThat(r.find(input)).isFalse();
    assertThat(Regex.compile("(a*)*b").find("a".repeat(4096))).isFalse();
  }

  @Test
  void deepNestingIsRefusedBeyondTheLimit() {
    String deep = "(".repeat(Re2Syntax.MAX_DEPTH + 1) + ")".repeat(Re2Syntax.MAX_DEPTH + 1);
    assertThat(Regex.compile(deep).isValid()).isFalse();
    String ok = "(".repeat(200) + "a" + ")".repeat(200);
    assertThat(find(ok, "a")).isTrue();
  }

  @Test
  void longInputsWithLoopingGroups() {
    // java.util.regex recurses once per iteration here; a label-sized input overflows a 1 MiB
    // stack, so the search is retried on a larger one.
    assertThat(find("^(a|b)*$", "ab".repeat(2048))).isTrue();
    assertThat(find("^(a|b)*$", "ab".repeat(2048) + "c")).isFalse();
  }

  @Test
  void equalityIsBySource() {
    assertThat(Regex.compile("a+")).isEqualTo(Regex.compile("a+"));
    assertThat(Regex.compile("a+")).isNotEqualTo(Regex.compile("a*"));
    assertThat(Regex.compile("(").source()).isEqualTo("(");
  }
}
