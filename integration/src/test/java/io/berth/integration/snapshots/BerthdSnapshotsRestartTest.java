package io.berth.integration.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.integration.harness.Berthd;
import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.ReferenceContainerd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Snapshots survive a berthd killed with SIGKILL, and nothing is left once they are removed. */
class BerthdSnapshotsRestartTest {

  private static Ctr.Result ok(Ctr.Result r) {
    assertThat(r.exitCode()).as(r.transcript()).isZero();
    return r;
  }

  @Test
  void snapshotsSurviveAKillAndRestart() throws IOException {
    assumeTrue(ReferenceContainerd.installed(), "ctr is not installed");
    Berthd first = new Berthd();
    Path dir = first.dir();
    try {
      first.start();
      Ctr ctr = first.ctr();
      ok(ctr.run("snapshots", "prepare", "a"));
      ok(ctr.run("snapshots", "commit", "base", "a"));
      ok(ctr.run("snapshots", "prepare", "work", "base"));
      ok(ctr.run("-n", "other", "snapshots", "prepare", "a"));
      String list = ok(ctr.run("snapshots", "ls")).stdout();
      String mounts = ok(ctr.run("snapshots", "mounts", "/mnt", "work")).stdout();
      String info = ok(ctr.run("snapshots", "info", "work")).stdout();
      first.kill();

      try (Berthd second = new Berthd(dir)) {
        second.start();
        Ctr again = second.ctr();
        assertThat(ok(again.run("snapshots", "ls")).stdout()).isEqualTo(list);
        assertThat(ok(again.run("snapshots", "mounts", "/mnt", "work")).stdout()).isEqualTo(mounts);
        assertThat(ok(again.run("snapshots", "info", "work")).stdout()).isEqualTo(info);
        assertThat(ok(again.run("-n", "other", "snapshots", "ls")).stdout())
            .isEqualTo("KEY PARENT KIND   \na" + " ".repeat(10) + "Active \n");
        ok(again.run("-n", "other", "snapshots", "rm", "a"));
        ok(again.run("snapshots", "prepare", "next", "base"));
        ok(again.run("snapshots", "rm", "work", "next", "base"));
        assertThat(ok(again.run("snapshots", "ls")).stdout()).isEqualTo("KEY PARENT KIND \n");
        try (Stream<Path> left = Files.list(
            second.root().resolve("io.containerd.snapshotter.v1.overlayfs/snapshots"))) {
          assertThat(left.toList()).isEmpty();
        }
      }
    } finally {
      first.close();
    }
  }
}
