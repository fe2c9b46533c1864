package io.berth.ctr.snapshots;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.berth.api.services.snapshots.v1.Info;
import io.berth.api.services.snapshots.v1.Kind;
import io.berth.api.types.Mount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expected texts are ctr 1.6.20's output for the same snapshots. */
class SnapshotsTextTest {

  private static Info info(String name, String parent, Kind kind) {
    return Info.newBuilder().setName(name).setParent(parent).setKind(kind).build();
  }

  @Test
  void listIsANarrowTableWithGoKindNames() {
    String text = SnapshotsText.list(List.of(
        info("a2", "b", Kind.ACTIVE), info("b", "", Kind.COMMITTED), info("v", "b", Kind.VIEW)));
    assertThat(text).isEqualTo("""
        KEY PARENT KIND      \n\
        a2  b      Active    \n\
        b          Committed \n\
        v   b      View      \n""");
    assertThat(SnapshotsText.list(List.of())).isEqualTo("KEY PARENT KIND \n");
    assertThat(SnapshotsText.kind(Kind.UNKNOWN)).isEqualTo("Committed");
  }

  @Test
  void usageInHumanUnitsOrBytes() {
    List<SnapshotsText.UsageRow> rows = List.of(
        new SnapshotsText.UsageRow("a2", 4096, 1), new SnapshotsText.UsageRow("v", 0, 0));
    assertThat(SnapshotsText.usage(rows, false)).isEqualTo("""
        KEY SIZE    INODES \n\
        a2  4.0 KiB 1      \n\
        v   0.0 B   0      \n""");
    assertThat(SnapshotsText.usage(rows, true)).isEqualTo("""
        KEY SIZE INODES \n\
        a2  4096 1      \n\
        v   0    0      \n""");
  }

  @Test
  void humanBytesFollowGoUnits() {
    assertThat(HumanBytes.format(0)).isEqualTo("0.0 B");
    assertThat(HumanBytes.format(1023)).isEqualTo("1023.0 B");
    assertThat(HumanBytes.format(1024)).isEqualTo("1.0 KiB");
    assertThat(HumanBytes.format(1280)).as("an exact tie rounds to even").isEqualTo("1.2 KiB");
    assertThat(HumanBytes.format(1331)).isEqualTo("1.3 KiB");
    assertThat(HumanBytes.format(3L << 30)).isEqualTo("3.0 GiB");
    assertThat(HumanBytes.format(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
  }

  @Test
  void mountsAsCommandsAndAsGoJson() {
    List<Mount> mounts = List.of(Mount.newBuilder().setType("bind").setSource("/r/snapshots/1/fs")
        .addOptions("ro").addOptions("rbind").build());
    assertThat(SnapshotsText.mountCommands("/mnt/x", mounts))
        .isEqualTo("mount -t bind /r/snapshots/1/fs /mnt/x -o ro,rbind\n");
    assertThat(SnapshotsText.mountsJson(mounts)).isEqualTo("""
        [
            {
                "Type": "bind",
                "Source": "/r/snapshots/1/fs",
                "Options": [
                    "ro",
                    "rbind"
                ]
            }
        ]
        """);
    assertThat(SnapshotsText.mountsJson(List.of(Mount.newBuilder().setType("tmpfs").build())))
        .contains("\"Options\": null");
  }

  @Test
  void infoIsGoJsonOfSnapshotsInfo() {
    Timestamp t = Timestamp.newBuilder().setSeconds(1795426952).setNanos(763556700).build();
    Info committed = info("b", "", Kind.COMMITTED).toBuilder().setCreatedAt(t).setUpdatedAt(t)
        .putLabels("z", "1").putLabels("containerd.io/gc.root", "2026-11-23T09:42:32Z").build();
    assertThat(SnapshotsText.info(committed)).isEqualTo("""
        {
            "Kind": "Committed",
            "Name": "b",
            "Labels": {
                "containerd.io/gc.root": "2026-11-23T09:42:32Z",
                "z": "1"
            },
            "Created": "2026-11-23T09:42:32.7635567Z",
            "Updated": "2026-11-23T09:42:32.7635567Z"
        }
        """);
    assertThat(SnapshotsText.info(info("v", "b", Kind.VIEW))).isEqualTo("""
        {
            "Kind": "View",
            "Name": "v",
            "Parent": "b",
            "Created": "0001-01-01T00:00:00Z",
            "Updated": "0001-01-01T00:00:00Z"
        }
        """);
  }

  @Test
  void labelsLine() {
    assertThat(SnapshotsText.labels(Map.of("b", "2", "a", "1"))).isEqualTo("a=1,b=2\n");
    assertThat(SnapshotsText.labels(Map.of())).isEqualTo("\n");
  }
}
