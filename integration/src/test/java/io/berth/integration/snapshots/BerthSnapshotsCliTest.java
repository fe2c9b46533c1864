package io.berth.integration.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.berth.api.anys.Anys;
import io.berth.api.client.BerthClient;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.PairedDaemons;
import io.berth.integration.harness.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code berth snapshots} against berthd next to the real {@code ctr snapshots} against
 * containerd 1.6: the same session gives the same output (see {@link CliComparison} for what may
 * differ); the printed mounts work; {@code --format json} and {@code containers rm}'s snapshot
 * cleanup work against berthd.
 */
class BerthSnapshotsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final PairedDaemons PAIR = PairedDaemons.withEmptyDir("cli-mnt-");

  /** Where the tests mount snapshots. */
  private static Path target() {
    return PAIR.scratch();
  }

  @AfterEach
  void nothingMounted() {
    Mounts.umountQuietly(target());
    assertThat(TempDirs.mountsUnder(target())).isEmpty();
    assertThat(TempDirs.mountsUnder(PAIR.daemons().berthd().dir())).isEmpty();
  }

  private static BerthCli berth() {
    return new BerthCli(PAIR.daemons().berthd().socket());
  }

  @Test
  void sessionMatchesCtrOnContainerd() throws IOException {
    CliComparison c = new CliComparison(PAIR.daemons());
    UnaryOperator<String> ids = SnapshotMasks.IDS;
    UnaryOperator<String> keys = SnapshotMasks.IDS_AND_BACKEND_KEYS;
    String t = target().toString();
    c.step("snapshots", "ls");
    c.step("snapshots", "tree");
    c.step(ids, "snapshots", "prepare", "--target", t, "base-work");
    Ctr.Result printed = c.step(ids, "snapshot", "mounts", t, "base-work");
    Mounts.mountPrinted(printed.stdout());
    try {
      Files.writeString(target().resolve("hello"), "from berth\n");
    } finally {
      Mounts.umount(target());
    }
    Ctr.Result reference = PAIR.daemons().containerd().ctr().run("snapshots", "mounts", t, "base-work");
    Mounts.mountPrinted(reference.stdout());
    try {
      Files.writeString(target().resolve("hello"), "from berth\n");
    } finally {
      Mounts.umount(target());
    }
    c.step("snapshots", "usage");
    c.step("snapshots", "usage", "-b", "base-work");
    c.step("snapshots", "commit", "base", "base-work");
    c.step("snapshots", "info", "base");
    c.step(ids, "snapshots", "prepare", "--mounts", "top", "base");
    c.step(ids, "snapshots", "view", "-t", t, "--mounts", "look", "base");
    c.step(ids, "snapshots", "m", t, "top");
    c.step("snapshots", "ls");
    c.step("snapshots", "tree");
    c.step("snapshots", "info", "top");
    c.step("snapshots", "info", "look");
    c.step("snapshots", "label", "look", "owner=cli");
    c.step("snapshots", "label", "look");
    c.step("snapshots", "label", "look", "owner=");
    c.step("snapshots", "--snapshotter", "native", "prepare", "n");
    c.step("snapshots", "--snapshotter", "native", "ls");
    c.step("snapshots", "--snapshotter", "native", "rm", "n");

    c.step(keys, "snapshots", "commit", "x", "look");
    c.step(keys, "snapshots", "mounts", t, "base");
    c.step(keys, "snapshots", "prepare", "x", "look");
    c.step("snapshots", "prepare", "x", "missing");
    c.step("snapshots", "prepare", "top");
    c.step("snapshots", "commit", "base", "top");
    c.step("snapshots", "rm", "base");
    c.step("snapshots", "rm", "look", "missing", "top");
    c.step("snapshots", "info", "missing");
    c.step("snapshots", "usage", "top", "missing");
    c.step("snapshots", "label", "missing", "a=b");
    c.step("snapshots", "--snapshotter", "zfs", "ls");
    c.step("-n", "cli-other", "snapshots", "ls");
    c.step("snapshots", "rm", "top", "base");
    c.step("snapshots", "ls");
    c.assertSame();
  }

  @Test
  void jsonFormat() throws IOException {
    BerthCli b = berth();
    JsonNode prepared = JSON.readTree(b.run("--format", "json", "-n", "cli-json", "snapshots",
        "prepare", "k").stdout());
    assertThat(prepared.get("key").asText()).isEqualTo("k");
    assertThat(prepared.get("mounts").get(0).get("type").asText()).isEqualTo("bind");
    assertThat(prepared.get("mounts").get(0).get("options").get(1).asText()).isEqualTo("rbind");
    assertThat(b.run("-n", "cli-json", "snapshots", "commit", "c", "k").exitCode()).isZero();
    assertThat(b.run("-n", "cli-json", "snapshots", "view", "v", "c").exitCode()).isZero();

    JsonNode list = JSON.readTree(b.run("--format", "json", "-n", "cli-json", "snapshots", "ls")
        .stdout());
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("c");
    assertThat(list.get(0).get("kind").asText()).isEqualTo("Committed");
    assertThat(list.get(0).get("labels").has("containerd.io/gc.root")).isTrue();
    assertThat(list.get(1).get("parent").asText()).isEqualTo("c");

    JsonNode tree = JSON.readTree(b.run("--format", "json", "-n", "cli-json", "snapshots", "tree")
        .stdout());
    assertThat(tree.get(0).get("name").asText()).isEqualTo("c");
    assertThat(tree.get(0).get("children").get(0).get("name").asText()).isEqualTo("v");

    JsonNode usage = JSON.readTree(b.run("--format", "json", "-n", "cli-json", "snapshots",
        "usage").stdout());
    assertThat(usage.get(0).get("key").asText()).isEqualTo("c");
    assertThat(usage.get(0).get("inodes").asLong()).isEqualTo(1);

    JsonNode info = JSON.readTree(b.run("--format", "json", "-n", "cli-json", "snapshots", "info",
        "v").stdout());
    assertThat(info.get("kind").asText()).isEqualTo("View");
    assertThat(info.get("created").asText()).endsWith("Z");

    JsonNode labels = JSON.readTree(b.run("--format", "json", "-n", "cli-json", "snapshots",
        "label", "v", "a=1", "b=2").stdout());
    assertThat(labels.get("a").asText()).isEqualTo("1");
    assertThat(labels.get("b").asText()).isEqualTo("2");

    Ctr.Result missing = b.run("-n", "cli-json", "snapshots", "info", "nope");
    assertThat(missing.exitCode()).isEqualTo(4);
    assertThat(missing.stderr()).isEqualTo("berth: snapshot nope does not exist: not found\n");

    JsonNode removed = JSON.readTree(b.run("--format", "json", "-n", "cli-json", "snapshots", "rm",
        "v", "c").stdout());
    assertThat(removed).hasSize(2);
    assertThat(b.run("-n", "cli-json", "namespaces", "rm", "cli-json").exitCode()).isZero();
  }

  @Test
  void envSelectsTheSnapshotterAndArgumentsAreChecked() {
    BerthCli b = berth();
    assertThat(b.run("-n", "cli-args", "snapshots", "prepare").exitCode())
        .as("a missing key is a usage error").isEqualTo(2);
    assertThat(b.run("-n", "cli-args", "snapshots", "commit", "only-one").exitCode()).isEqualTo(2);
    assertThat(b.run("-n", "cli-args", "snapshots", "--snapshotter", "native", "prepare", "k")
        .exitCode()).isZero();
    assertThat(b.run("-n", "cli-args", "snapshots", "ls", "--snapshotter", "native").stdout())
        .contains("k ").contains("Active");
    assertThat(b.run("-n", "cli-args", "snapshots", "ls").stdout()).doesNotContain("Active");
    assertThat(b.run("-n", "cli-args", "snapshots", "--snapshotter", "native", "rm", "k")
        .exitCode()).isZero();
    Ctr.Result unknown = b.run("-n", "cli-args", "snapshots", "--snapshotter", "zfs", "ls");
    assertThat(unknown.exitCode()).isEqualTo(3);
    assertThat(unknown.stderr()).isEqualTo(
        "berth: snapshotter not loaded: zfs: invalid argument\n");
  }

  /** ctr's {@code containers rm} flow removes the container's snapshot unless told to keep it. */
  @Test
  void containersRmCleansUpTheSnapshot() {
    BerthCli b = berth();
    String ns = "cli-rm";
    try (BerthClient client = BerthClient.connect(PAIR.daemons().berthd().socket())) {
      for (String id : List.of("gone", "kept")) {
        assertThat(b.run("-n", ns, "snapshots", "prepare", id + "-rootfs").exitCode()).isZero();
        client.withNamespace(ns).containers().create(CreateContainerRequest.newBuilder()
            .setContainer(Container.newBuilder().setId(id)
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                .setSpec(Anys.pack(Anys.OCI_SPEC, ByteString.copyFromUtf8("{}").toByteArray()))
                .setSnapshotter("overlayfs").setSnapshotKey(id + "-rootfs"))
            .build());
      }
    }
    assertThat(b.run("-n", ns, "containers", "rm", "gone").exitCode()).isZero();
    assertThat(b.run("-n", ns, "containers", "rm", "--keep-snapshot", "kept").exitCode()).isZero();
    assertThat(b.run("-n", ns, "snapshots", "ls").stdout()).doesNotContain("gone-rootfs")
        .contains("kept-rootfs");
    // the real ctr does the same against berthd
    try (BerthClient client = BerthClient.connect(PAIR.daemons().berthd().socket())) {
      client.withNamespace(ns).containers().create(CreateContainerRequest.newBuilder()
          .setContainer(Container.newBuilder().setId("by-ctr")
              .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
              .setSpec(Anys.pack(Anys.OCI_SPEC, ByteString.copyFromUtf8("{}").toByteArray()))
              .setSnapshotter("overlayfs").setSnapshotKey("kept-rootfs"))
          .build());
    }
    Ctr.Result ctrRm = PAIR.daemons().berthd().ctr().run("-n", ns, "containers", "rm", "by-ctr");
    assertThat(ctrRm.exitCode()).as(ctrRm.transcript()).isZero();
    assertThat(b.run("-n", ns, "snapshots", "ls").stdout()).doesNotContain("kept-rootfs");
    assertThat(b.run("-n", ns, "namespaces", "rm", ns).exitCode()).isZero();
  }
}
