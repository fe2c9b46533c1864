package io.berth.ctr.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.services.snapshots.v1.Info;
import org.junit.jupiter.api.Test;

class SnapshotTreeTest {

  private static Info info(String name, String parent) {
    return Info.newBuilder().setName(name).setParent(parent).build();
  }

  @Test
  void childrenUnderTheirParentsInWalkOrder() {
    SnapshotTree tree = new SnapshotTree();
    tree.add(info("a2", "b"));
    tree.add(info("b", ""));
    tree.add(info("c", "a3"));
    tree.add(info("v", "b"));
    tree.add(info("a3", "b"));
    tree.add(info("lone", ""));
    // "b" was first seen as a2's (placeholder) parent, so it is printed first
    assertThat(tree.text()).isEqualTo("""
         b
          \\_ a2
          \\_ v
          \\_ a3
            \\_ c
         lone
        """);
    assertThat(new SnapshotTree().text()).isEmpty();
  }

  @Test
  void longChainsDoNotOverflow() {
    SnapshotTree tree = new SnapshotTree();
    tree.add(info("s0", ""));
    for (int i = 1; i < 3_000; i++) {
      tree.add(info("s" + i, "s" + (i - 1)));
    }
    assertThat(tree.text().lines()).hasSize(3_000);
  }
}
