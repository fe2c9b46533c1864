package io.berth.api.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FiltersParseTest {

  private static void assertParseError(String input, String detail) {
    assertThatThrownBy(() -> Filters.parse(input))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("filters: parse error: " + detail + ": invalid argument")
        .satisfies(e -> assertThat(((InvalidArgumentException) e).detail())
            .isEqualTo("filters: parse error: " + detail));
  }

  private static Selector selector(String input) {
    Filter f = Filters.parse(input);
    assertThat(f).isInstanceOf(Selector.class);
    return (Selector) f;
  }

  @Test
  void noFiltersAndEmptyStringMatchEverything() {
    assertThat(Filters.parse()).isEqualTo(new Always());
    assertThat(Filters.parse("")).isEqualTo(new Always());
    assertThat(Filters.parse(List.of())).isEqualTo(new Always());
  }

  @Test
  void presenceEqualityInequalityAndRegex() {
    assertThat(selector("name")).isEqualTo(new Selector(List.of("name"), Operator.PRESENT, ""));
    assertThat(selector("name==bar"))
        .isEqualTo(new Selector(List.of("name"), Operator.EQUAL, "bar"));
    assertThat(selector("name!=bar"))
        .isEqualTo(new Selector(List.of("name"), Operator.NOT_EQUAL, "bar"));
    Selector re = selector("name~=[abc]+");
    assertThat(re.operator()).isEqualTo(Operator.MATCHES);
    assertThat(re.value()).isEqualTo("[abc]+");
    assertThat(re.regex().isValid()).isTrue();
  }

  @Test
  void commaIsAndSeveralStringsAreOr() {
    Filter f = Filters.parse("a==1,b", "c");
    assertThat(f).isEqualTo(new Or(List.of(
        new And(List.of(new Selector(List.of("a"), Operator.EQUAL, "1"),
            new Selector(List.of("b"), Operator.PRESENT, ""))),
        new Selector(List.of("c"), Operator.PRESENT, ""))));
  }

  @Test
  void quotedFieldsKeepTheirDots() {
    assertThat(selector("labels.\"containerd.io/gc.root\"").fieldpath())
        .containsExactly("labels", "containerd.io/gc.root");
    assertThat(selector("labels.\"a.b\".c==x").fieldpath()).containsExactly("labels", "a.b", "c");
    assertThat(selector("compound.labels==punctuated_value.foo-bar").value())
        .isEqualTo("punctuated_value.foo-bar");
  }

  @Test
  void quotedValuesUseGoEscapes() {
    assertThat(selector("a==\"too complex, yo\"").value()).isEqualTo("too complex, yo");
    assertThat(selector("a==\"x\\a\\b\\f\\n\\r\\t\\v\\\\\\\"y\"").value())
        .isEqualTo("x\u0007\b\f\n\r\t\u000b\\\"y");
    assertThat(selector("a==\"\\101\\x42\\u0043\\U00000044\"").value()).isEqualTo("ABCD");
    assertThat(selector("a==\"\\u00e9\\U0001F600\"").value()).isEqualTo("é\uD83D\uDE00");
    assertThat(selector("a==\"牛\"").value()).isEqualTo("牛");
    assertThat(selector("labels.\"more complex label with \\\\ and \\\"\"==present").fieldpath())
        .containsExactly("labels", "more complex label with \\ and \"");
  }

  @Test
  void surrogateEscapesBecomeTheReplacementCharacter() {
    assertThat(selector("a==\"\\ud800\"").value()).isEqualTo("\uFFFD");
  }

  @Test
  void rawByteEscapesThatAreNotUtf8EqualNoRealString() {
    String v = selector("a==\"\\xff\"").value();
    assertThat(v).hasSize(1);
    assertThat(Character.isSurrogate(v.charAt(0))).isTrue();
    assertThat(selector("a==\"\\xc3\\xa9\"").value()).isEqualTo("é");
  }

  @Test
  void slashAndPipeQuotesOnlyForRegex() {
    assertThat(selector("a~=/[abc]{0,1}\"\\//").value()).isEqualTo("[abc]{0,1}\"/");
    assertThat(selector("a~=|^/tasks/|").value()).isEqualTo("^/tasks/");
    assertThat(selector("a~=|foo/bar|").value()).isEqualTo("foo/bar");
    assertThat(selector("a~=/foo\\/bar/").value()).isEqualTo("foo/bar");
    assertParseError("a==|x|", "[a== >|||< x|]: invalid quote encountered");
    assertParseError("labels.|foo|==omg_asdf.asdf-qwer",
        "[labels. >|||< foo|==omg_asdf.asdf-qwer]: invalid quote encountered");
  }

  @Test
  void whitespaceBetweenTokensIsSkipped() {
    assertThat(Filters.parse("type==a, id==b"))
        .isEqualTo(Filters.parse("type==a,id==b"));
    assertThat(Filters.parse(" a == b")).isEqualTo(Filters.parse("a==b"));
    assertThat(Filters.parse("a==\tb,\u3000c")).isEqualTo(Filters.parse("a==b,c"));
  }

  @Test
  void unquotedValuesTakeEveryGraphicCharacter() {
    assertThat(selector("a==b=c!d~e.f/g|h\"i").value()).isEqualTo("b=c!d~e.f/g|h\"i");
    assertThat(selector("name~=牛").value()).isEqualTo("牛");
    assertThat(selector("a==1").value()).isEqualTo("1");
  }

  @Test
  void dockersEventFilterParses() {
    Filter f = Filters.parse("namespace==moby,topic~=|^/tasks/|");
    assertThat(f).isInstanceOf(And.class);
  }

  @Test
  void errorCasesFromContainerdTests() {
    assertParseError("labels.?\"more complex label with \\\\ and \\\"\".post==present",
        "[labels. >|?|< \"more complex label with \\\\ and \\\"\".post==present]: "
            + "expected field or quoted");
    assertParseError("name==foo,", "[name==foo,]: expected field or quoted");
    assertParseError("labels.", "[labels.]: expected field or quoted");
    assertParseError("image~=,id?=?fbaq",
        "[image~= >|,|< id?=?fbaq]: expected value or quoted");
    assertParseError("labels.ns/key==value",
        "[labels.ns >|/|< key==value]: quoted literal not terminated");
    assertParseError("labels.key==/value",
        "[labels.key== >|/|< value]: quoted literal not terminated");
  }

  @Test
  void scannerTraps() {
    assertParseError("topic==/tasks/exit", "[topic== >|/|< tasks/exit]: invalid quote encountered");
    assertThat(selector("topic==\"/tasks/exit\"").value()).isEqualTo("/tasks/exit");
    assertParseError("'a'==b", "[ >|'|< a'==b]: expected field or quoted");
    assertThat(selector("a=='b'").value()).isEqualTo("'b'");
    assertParseError("a\u0000b", "[a >|\u0000|< b]: unexpected null");
    assertParseError("a==b\u0000", "[a==b >|\u0000|< ]: unexpected input: \uFFFD");
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("a=b", "[a >|=|< b]: unsupported operator \"=\""),
        Arguments.of("a===b", "[a >|=|< ==b]: unsupported operator \"===\""),
        Arguments.of("a!b", "[a >|!|< b]: unsupported operator \"!\""),
        Arguments.of("a~b", "[a >|~|< b]: unsupported operator \"~\""),
        Arguments.of("a=!b", "[a >|=|< !b]: unsupported operator \"=!\""),
        Arguments.of("a b", "[a  >|b|< ]: expected an operator (\"==\"|\"!=\"|\"~=\")"),
        Arguments.of("a==b c", "[a==b >| |< c]: unexpected input:  "),
        Arguments.of("a==b ", "[a==b >| |< ]: unexpected input:  "),
        Arguments.of("a==", "[a==]: expected value or quoted"),
        Arguments.of("a==,b", "[a== >|,|< b]: expected value or quoted"),
        Arguments.of("a==.b", "[a== >|.|< b]: expected value or quoted"),
        Arguments.of(",", "[ >|,|< ]: expected field or quoted"),
        Arguments.of("a,,b", "[a, >|,|< b]: expected field or quoted"),
        Arguments.of("a..b", "[a. >|.|< b]: expected field or quoted"),
        Arguments.of("a.==b", "[a. >|=|< =b]: expected field or quoted"),
        Arguments.of("==b", "[ >|=|< =b]: expected field or quoted"),
        Arguments.of("a(b", "[a >|(|< b]: expected an operator (\"==\"|\"!=\"|\"~=\")"),
        Arguments.of("a==\"b\"c", "[a==\"b\" >|c|< ]: unexpected input: c"),
        Arguments.of("a==\"b", "[a== >|\"|< b]: quoted literal not terminated"),
        Arguments.of("a.\"b", "[a. >|\"|< b]: quoted literal not terminated"),
        Arguments.of("a.|b|", "[a. >|||< b|]: invalid quote encountered"),
        Arguments.of("a./b/", "[a. >|/|< b/]: invalid quote encountered"),
        Arguments.of("labels.\"\\g\"", "[labels. >|\"|< \\g\"]: illegal escape sequence"),
        Arguments.of("labels.\"\\xaz\"", "[labels. >|\"|< \\xaz\"]: illegal numeric escape sequence"),
        Arguments.of("labels.\"\\u12\"", "[labels. >|\"|< \\u12\"]: illegal numeric escape sequence"),
        Arguments.of("labels.\"\\U0010\"", "[labels. >|\"|< \\U0010\"]: illegal numeric escape sequence"),
        Arguments.of("labels.\"\\18\"", "[labels. >|\"|< \\18\"]: illegal numeric escape sequence"),
        Arguments.of("a==\"\\|\"", "[a== >|\"|< \\|\"]: illegal escape sequence"),
        Arguments.of("a~=|\\\"|", "[a~= >|||< \\\"|]: illegal escape sequence"),
        Arguments.of("labels.\"\\400\"", "[labels. >|\"|< \\400\"]: unquoting failed: quote syntax error"),
        Arguments.of("a==\"\\U00110000\"", "[a== >|\"|< \\U00110000\"]: unquoting failed: quote syntax error"),
        Arguments.of("a==\"\\g\\x\"", "[a== >|\"|< \\g\\x\"]: illegal escape sequence"));
  }

  @ParameterizedTest
  @MethodSource
  void parseErrors(String input, String detail) {
    assertParseError(input, detail);
  }

  @Test
  void newlineInsideQuotesIsNotTerminated() {
    assertParseError("labels.\"containerd.io\nkey\"==value",
        "[labels. >|\"|< containerd.io\nkey\"==value]: quoted literal not terminated");
  }

  @Test
  void errorPositionsCountUtf8Bytes() {
    // 'é' is two bytes; Go shows the first byte alone, which is not valid UTF-8.
    assertParseError("é", "[ >|\uFFFD|< \uFFFD]: expected field or quoted");
    assertParseError("a==牛 x", "[a==牛 >| |< x]: unexpected input:  ");
  }

  @Test
  void invalidUtf8AndTheReplacementCharacterAreIllegal() {
    assertParseError("a==\uFFFD", "[a== >|\uFFFD|< \uFFFD\uFFFD]: rune error");
    assertParseError("a==\uD800", "[a== >|\uFFFD|< ]: rune error");
  }

  @Test
  void firstErrorWins() {
    // The illegal escape is reported even though the quote then runs into a newline.
    assertParseError("a==\"\\q\n\"", "[a== >|\"|< \\q\n\"]: illegal escape sequence");
  }

  @Test
  void aTrailingEmptyFilterStillMatchesAll() {
    Filter f = Filters.parse("a==1", "");
    assertThat(f.match(path -> java.util.Optional.empty())).isTrue();
  }

  @Test
  void selectorRecordChecksItsParts() {
    assertThatThrownBy(() -> new Selector(List.of(), Operator.PRESENT, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Selector(List.of("a"), Operator.MATCHES, "x", Regex.compile("y")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Selector(List.of("a"), Operator.EQUAL, "x", Regex.compile("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
