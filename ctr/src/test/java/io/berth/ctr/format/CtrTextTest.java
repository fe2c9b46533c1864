package io.berth.ctr.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.berth.api.anys.Anys;
import io.berth.api.errors.NotFoundException;
import io.berth.api.runc.v1.Options;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.leases.v1.Lease;
import io.berth.ctr.spec.GoRoundTrip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CtrTextTest {

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = CtrTextTest.class.getResourceAsStream("/io/berth/ctr/" + path)) {
      return in.readAllBytes();
    }
  }

  private static Timestamp ts(String rfc3339) {
    Instant i = Instant.parse(rfc3339);
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  /** The container ctr created with many options, as containerd returned it. */
  private static Container recordedS2() throws IOException {
    return Container.newBuilder()
        .setId("S2")
        .putLabels("zz", "true")
        .putLabels("q", "<&>")
        .putLabels("a", "b")
        .setRuntime(
            Container.Runtime.newBuilder()
                .setName("io.containerd.runc.v2")
                .setOptions(Anys.pack(Options.getDefaultInstance())))
        .setSpec(Anys.pack(Anys.OCI_SPEC, resource("spec/ctr-spec-options.json")))
        .setCreatedAt(ts("2026-11-23T10:00:18.126800479Z"))
        .setUpdatedAt(ts("2026-11-23T10:00:18.126800479Z"))
        .build();
  }

  @Test
  void containerInfoMatchesCtr() throws IOException {
    assertThat(CtrText.containerInfo(recordedS2(), false))
        .isEqualTo(new String(resource("format/ctr-c-info-S2.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void containerInfoSpecMatchesCtr() throws IOException {
    assertThat(CtrText.containerInfo(recordedS2(), true))
        .isEqualTo(new String(resource("format/ctr-c-info-spec-S2.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void containerWithoutSpecValueShowsTheAnyInPlace() {
    Container c =
        Container.newBuilder()
            .setId("x")
            .setRuntime(Container.Runtime.newBuilder().setName("r"))
            .setSpec(Any.newBuilder().setTypeUrl(Anys.OCI_SPEC))
            .putExtensions("k", Any.newBuilder().setTypeUrl("t").setValue(ByteString.copyFromUtf8("v")).build())
            .build();
    assertThat(CtrText.containerInfo(c, false))
        .isEqualTo(
            "{\n    \"ID\": \"x\",\n    \"Labels\": null,\n    \"Image\": \"\",\n    \"Runtime\": {\n"
                + "        \"Name\": \"r\",\n        \"Options\": null\n    },\n    \"Spec\": {\n"
                + "        \"type_url\": \"types.containerd.io/opencontainers/runtime-spec/1/Spec\"\n    },\n"
                + "    \"SnapshotKey\": \"\",\n    \"Snapshotter\": \"\",\n"
                + "    \"CreatedAt\": \"0001-01-01T00:00:00Z\",\n    \"UpdatedAt\": \"0001-01-01T00:00:00Z\",\n"
                + "    \"Extensions\": {\n        \"k\": {\n            \"type_url\": \"t\",\n"
                + "            \"value\": \"dg==\"\n        }\n    }\n}\n");
  }

  @Test
  void specOfAnUnknownTypeIsNotFoundAndBadJsonFailsAsGo() {
    Container unknown =
        Container.newBuilder().setId("x").setSpec(Any.newBuilder().setTypeUrl("my.Spec").setValue(ByteString.copyFromUtf8("{}"))).build();
    assertThatThrownBy(() -> CtrText.containerInfo(unknown, false))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("type with url my.Spec: not found");
    Container wrong =
        Container.newBuilder().setId("x").setSpec(Anys.pack(Anys.OCI_SPEC, "{\"process\":{\"cwd\":7}}".getBytes(StandardCharsets.UTF_8))).build();
    assertThatThrownBy(() -> CtrText.containerInfo(wrong, true))
        .isInstanceOf(GoRoundTrip.DecodeException.class)
        .hasMessage("json: cannot unmarshal number into Go struct field Process.process.cwd of type string");
  }

  @Test
  void containersTable() {
    Container a = Container.newBuilder().setId("a").setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2")).build();
    Container b = Container.newBuilder().setId("longer-id").setImage("docker.io/library/busybox:latest").build();
    assertThat(CtrText.containers(List.of(a, b)))
        .isEqualTo(
            "CONTAINER    IMAGE                               RUNTIME                  \n"
                + "a            -                                   io.containerd.runc.v2    \n"
                + "longer-id    docker.io/library/busybox:latest                             \n");
  }

  // Recorded from `ctr leases ls` (TZ UTC)
  @Test
  void leasesTableMatchesCtr() {
    Timestamp t = ts("2026-11-23T09:24:33.5Z");
    List<Lease> leases =
        List.of(
            Lease.newBuilder().setId("477210549-j7n1").setCreatedAt(t).putLabels("containerd.io/gc.expire", "2026-11-24T09:24:33Z").build(),
            Lease.newBuilder().setId("L2").setCreatedAt(t).putLabels("z", "1").putLabels("a", "2").build(),
            Lease.newBuilder().setId("L3").setCreatedAt(t).build());
    assertThat(CtrText.leases(leases, ZoneOffset.UTC))
        .isEqualTo(
            "ID             CREATED AT           LABELS                                       \n"
                + "477210549-j7n1 2026-11-23T09:24:33Z containerd.io/gc.expire=2026-11-24T09:24:33Z \n"
                + "L2             2026-11-23T09:24:33Z a=2,z=1                                      \n"
                + "L3             2026-11-23T09:24:33Z -                                            \n");
  }

  @Test
  void namespacesTableMatchesCtr() {
    assertThat(
            CtrText.namespaces(
                List.of(
                    new CtrText.NamespaceRow("default", Map.of()),
                    new CtrText.NamespaceRow("foo", Map.of("e", "f", "c", "d")))))
        .isEqualTo("NAME    LABELS  \ndefault         \nfoo     c=d,e=f \n");
  }

  @Test
  void labelPairsSortByCodePoint() {
    assertThat(CtrText.labelPairs(Map.of("b", "1", "B", "2", "\u00e9", "3", "a", ""), "-")).isEqualTo("B=2,a=,b=1,\u00e9=3");
    assertThat(CtrText.labelPairs(Map.of(), "-")).isEqualTo("-");
  }
}
