package io.berth.api.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FilterMatchTest {

  /** A small object with a name, an optional "other" field and labels. */
  private record Entry(String name, String other, Map<String, String> labels) implements Adaptor {
    @Override
    public Optional<String> field(List<String> path) {
      return switch (path.getFirst()) {
        case "name" -> Optional.of(name).filter(s -> !s.isEmpty());
        case "other" -> Optional.ofNullable(other);
        case "labels" -> Adaptor.mapEntry(labels, path.subList(1, path.size()));
        default -> Optional.empty();
      };
    }
  }

  private static final Entry FOO = new Entry("foo", null, Map.of("foo", "true"));
  private static final Entry BAR = new Entry("bar", null, Map.of());
  private static final Entry FOO2 =
      new Entry("foo", null, Map.of("foo", "present", "more complex label", "present"));
  private static final Entry BAR2 = new Entry("bar", null, Map.of("bar", "true"));
  private static final Entry DOTTED =
      new Entry("fooer", null, Map.of("containerd.io/gc.root", "x", "a.b.c", "y"));
  private static final Entry BAZ = new Entry("baz", "too complex, yo", Map.of());
  private static final Entry BAZO = new Entry("bazo", "abc", Map.of());
  private static final Entry COMPOUND = new Entry("compound", null, Map.of("foo", "omg_asdf.asdf-qwer"));
  private static final List<Entry> CORPUS =
      List.of(FOO, BAR, FOO2, BAR2, DOTTED, BAZ, BAZO, COMPOUND);

  private static List<Entry> select(String... filters) {
    Filter f = Filters.parse(filters);
    return CORPUS.stream().filter(f::match).toList();
  }

  @Test
  void emptyAndPresence() {
    assertThat(select()).isEqualTo(CORPUS);
    assertThat(select("")).isEqualTo(CORPUS);
    assertThat(select("name")).isEqualTo(CORPUS);
    assertThat(select("labels.foo")).containsExactly(FOO, FOO2, COMPOUND);
    assertThat(select("labels.foo,name")).containsExactly(FOO, FOO2, COMPOUND);
    assertThat(select("missing")).isEmpty();
  }

  @Test
  void equality() {
    assertThat(select("labels.foo==true")).containsExactly(FOO);
    assertThat(select("labels.foo==omg_asdf.asdf-qwer")).containsExactly(COMPOUND);
    assertThat(select("name==bar")).containsExactly(BAR, BAR2);
    assertThat(select("name==bar,labels.bar")).containsExactly(BAR2);
    assertThat(select("name==bar,labels.bar==true")).containsExactly(BAR2);
    assertThat(select("name==bar,labels.bar==wrong")).isEmpty();
    assertThat(select("other==\"too complex, yo\"")).containsExactly(BAZ);
  }

  @Test
  void inequalityTreatsAbsentAsEmpty() {
    assertThat(select("name!=bar")).containsExactly(FOO, FOO2, DOTTED, BAZ, BAZO, COMPOUND);
    assertThat(select("other!=abc")).containsExactly(FOO, BAR, FOO2, BAR2, DOTTED, BAZ, COMPOUND);
    assertThat(select("other!=\"\"")).containsExactly(BAZ, BAZO);
    assertThat(select("other==\"\"")).isEmpty();
  }

  @Test
  void regexIsAnUnanchoredSearch() {
    assertThat(select("other~=[abc]+,name!=foo")).containsExactly(BAZ, BAZO);
    assertThat(select("other~=/[abc]+/,name!=foo")).containsExactly(BAZ, BAZO);
    assertThat(select("other~=/[abc]{1,2}/,name!=foo")).containsExactly(BAZ, BAZO);
    assertThat(select("other~=/[abc]{0,1}\"\\//,name!=foo")).isEmpty();
    assertThat(select("name~=^ba")).containsExactly(BAR, BAR2, BAZ, BAZO);
    assertThat(select("name~=o$")).containsExactly(FOO, FOO2, BAZO);
    assertThat(select("other~=|^$|")).containsExactly(FOO, BAR, FOO2, BAR2, DOTTED, COMPOUND);
  }

  @Test
  void anInvalidRegexMatchesNothing() {
    assertThat(select("name~=(")).isEmpty();
    assertThat(select("name~=a**")).isEmpty();
    assertThat(select("name~=(?=b)")).isEmpty();
  }

  @Test
  void quotedLabelKeysWithDots() {
    assertThat(select("labels.\"containerd.io/gc.root\"")).containsExactly(DOTTED);
    assertThat(select("labels.\"a.b\".c==y")).containsExactly(DOTTED);
    assertThat(select("labels.a.b.c==y")).containsExactly(DOTTED);
    assertThat(select("labels.\"more complex label\",name==foo")).containsExactly(FOO2);
  }

  @Test
  void severalFiltersAreOred() {
    assertThat(select("name==bazo", "labels.bar")).containsExactly(BAR2, BAZO);
    assertThat(select("name==nothing", "")).isEqualTo(CORPUS);
  }

  @Test
  void mapEntryFollowsContainerd() {
    assertThat(Adaptor.mapEntry(Map.of(), List.of("a"))).isEmpty();
    assertThat(Adaptor.mapEntry(null, List.of("a"))).isEmpty();
    assertThat(Adaptor.mapEntry(Map.of("a.b", "1"), List.of("a", "b"))).contains("1");
    assertThat(Adaptor.mapEntry(Map.of("", "e"), List.of())).contains("e");
    assertThat(Adaptor.mapEntry(Map.of("k", ""), List.of("k"))).contains("");
  }

  @Test
  void filtersAreValueObjects() {
    assertThat(Filters.parse("a~=x.*,b")).isEqualTo(Filters.parse("a~=x.*,b"));
    assertThat(Stream.of(Filters.parse("a~=x")).map(Object::hashCode).toList())
        .containsExactly(Filters.parse("a~=x").hashCode());
  }
}
