package io.berth.ctr.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.berth.api.anys.Anys;
import io.berth.api.events.ContainerCreate;
import io.berth.api.events.ContentDelete;
import io.berth.api.events.NamespaceUpdate;
import io.berth.api.events.TaskCreate;
import io.berth.api.events.TaskExit;
import io.berth.api.events.TaskIO;
import io.berth.api.runc.v1.Options;
import io.berth.api.services.events.v1.Envelope;
import io.berth.api.types.Mount;
import org.junit.jupiter.api.Test;

class ProtoGoJsonTest {

  @Test
  void containerCreateWithRuntimeOptionsMatchesCtrEvents() {
    // recorded: {"id":"Z","runtime":{"name":"io.containerd.runc.v2","options":{"type_url":"containerd.runc.v1.Options"}}}
    ContainerCreate e =
        ContainerCreate.newBuilder()
            .setId("Z")
            .setRuntime(
                ContainerCreate.Runtime.newBuilder()
                    .setName("io.containerd.runc.v2")
                    .setOptions(Anys.pack(Options.getDefaultInstance())))
            .build();
    assertThat(GoJson.compact(ProtoGoJson.tree(e)))
        .isEqualTo(
            "{\"id\":\"Z\",\"runtime\":{\"name\":\"io.containerd.runc.v2\",\"options\":{\"type_url\":\"containerd.runc.v1.Options\"}}}");
  }

  @Test
  void emptyLabelValuesStayInMapsAndKeysAreSorted() {
    // recorded: {"name":"foo","labels":{"a":""}}
    NamespaceUpdate e = NamespaceUpdate.newBuilder().setName("foo").putLabels("z", "1").putLabels("a", "").build();
    assertThat(GoJson.compact(ProtoGoJson.tree(e))).isEqualTo("{\"name\":\"foo\",\"labels\":{\"a\":\"\",\"z\":\"1\"}}");
  }

  @Test
  void timestampsAreAlwaysWrittenAndZeroNumbersOmitted() {
    TaskExit exit = TaskExit.newBuilder().setContainerId("c").setId("c").setPid(42).build();
    assertThat(GoJson.compact(ProtoGoJson.tree(exit)))
        .isEqualTo("{\"container_id\":\"c\",\"id\":\"c\",\"pid\":42,\"exited_at\":\"0001-01-01T00:00:00Z\"}");
    TaskExit withTime =
        exit.toBuilder()
            .setExitStatus(0xffffffff)
            .setExitedAt(Timestamp.newBuilder().setSeconds(1_795_000_000L).setNanos(1000))
            .build();
    assertThat(GoJson.compact(ProtoGoJson.tree(withTime)))
        .isEqualTo(
            "{\"container_id\":\"c\",\"id\":\"c\",\"pid\":42,\"exit_status\":4294967295,\"exited_at\":\"2026-11-18T11:06:40.000001Z\"}");
  }

  @Test
  void nestedMessagesRepeatedFieldsAndBytes() {
    TaskCreate e =
        TaskCreate.newBuilder()
            .setContainerId("c")
            .addRootfs(Mount.newBuilder().setType("overlay").setSource("overlay").addOptions("ro"))
            .setIo(TaskIO.newBuilder().setStdout("/f<1>").setTerminal(true))
            .build();
    assertThat(GoJson.compact(ProtoGoJson.tree(e)))
        .isEqualTo(
            "{\"container_id\":\"c\",\"rootfs\":[{\"type\":\"overlay\",\"source\":\"overlay\",\"options\":[\"ro\"]}],"
                + "\"io\":{\"stdout\":\"/f\\u003c1\\u003e\",\"terminal\":true}}");
    Any any = Any.newBuilder().setTypeUrl("x").setValue(ByteString.copyFromUtf8("hi")).build();
    assertThat(GoJson.compact(ProtoGoJson.tree(any))).isEqualTo("{\"type_url\":\"x\",\"value\":\"aGk=\"}");
  }

  @Test
  void nonNullableDigestIsWrittenEvenWhenEmpty() {
    assertThat(GoJson.compact(ProtoGoJson.tree(ContentDelete.getDefaultInstance()))).isEqualTo("{\"digest\":\"\"}");
  }

  @Test
  void eventLinesAndUnknownPayloads() {
    Envelope e =
        Envelope.newBuilder()
            .setTimestamp(Timestamp.newBuilder().setSeconds(1_795_425_867L).setNanos(901069628))
            .setNamespace("default")
            .setTopic("/namespaces/create")
            .setEvent(Anys.pack(io.berth.api.events.NamespaceCreate.newBuilder().setName("foo").putLabels("a", "b").build()))
            .build();
    // recorded from ctr events
    assertThat(CtrText.event(e).line())
        .contains("2026-11-23 09:24:27.901069628 +0000 UTC default /namespaces/create {\"name\":\"foo\",\"labels\":{\"a\":\"b\"}}\n");
    assertThat(CtrText.event(e.toBuilder().clearEvent().build()).line())
        .contains("2026-11-23 09:24:27.901069628 +0000 UTC default /namespaces/create \n");
    Envelope prefixed =
        e.toBuilder()
            .setEvent(e.getEvent().toBuilder().setTypeUrl("type.googleapis.com/containerd.events.NamespaceCreate"))
            .build();
    assertThat(CtrText.event(prefixed).line()).isEmpty();
    assertThat(CtrText.event(prefixed).warning())
        .contains("type with url type.googleapis.com/containerd.events.NamespaceCreate: not found");
  }
}
