package io.berth.snapshots.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.snapshots.Info;
import io.berth.snapshots.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotFieldsTest {

  private static Info info(Map<String, String> labels) {
    return new Info("n", "", Kind.ACTIVE, labels, Instant.EPOCH, Instant.EPOCH);
  }

  @Test
  void fieldsAsContainerdAdaptsThem() {
    Info i = info(Map.of("a.b", "1", "c", ""));
    assertThat(SnapshotFields.field(i, List.of("kind"))).contains("active");
    assertThat(SnapshotFields.field(i, List.of("name"))).contains("n");
    assertThat(SnapshotFields.field(i, List.of("parent"))).as("present even when empty").contains("");
    assertThat(SnapshotFields.field(i, List.of("labels", "a", "b"))).contains("1");
    assertThat(SnapshotFields.field(i, List.of("labels", "x"))).isEmpty();
    assertThat(SnapshotFields.field(i, List.of("created"))).isEmpty();
    assertThat(SnapshotFields.field(i, List.of())).isEmpty();
    assertThat(SnapshotFields.field(info(Map.of()), List.of("labels", ""))).isEqualTo(Optional.empty());
  }

  @Test
  void walkFiltersCompileContainerdSyntax() {
    Info i = info(Map.of("containerd.io/gc.root", "x"));
    assertThat(WalkFilters.compile().test(i)).isTrue();
    assertThat(WalkFilters.compile("").test(i)).isTrue();
    assertThat(WalkFilters.compile("labels.\"containerd.io/gc.root\"==x,kind==active").test(i)).isTrue();
    assertThat(WalkFilters.compile("kind==view", "name==n").test(i)).isTrue();
    assertThat(WalkFilters.compile("kind==view", "name==m").test(i)).isFalse();
  }
}
