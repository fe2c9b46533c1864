package io.berth.api.anys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.events.ContainerCreate;
import io.berth.api.events.ContainerEventsProto;
import io.berth.api.events.ContentEventsProto;
import io.berth.api.events.NamespaceEventsProto;
import io.berth.api.events.SnapshotEventsProto;
import io.berth.api.events.TaskEventsProto;
import io.berth.api.events.TaskExit;
import io.berth.api.linux.runc.LinuxRuncProto;
import io.berth.api.runc.v1.Options;
import io.berth.api.runc.v1.ProcessDetails;
import io.berth.api.runc.v1.RuncOptionsProto;
import io.berth.api.services.images.v1.ImageEventsProto;
import io.berth.api.services.images.v1.ImageUpdate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnysTest {

  private static final TaskExit EXIT =
      TaskExit.newBuilder()
          .setContainerId("c1")
          .setId("c1")
          .setPid(42)
          .setExitStatus(137)
          .setExitedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5))
          .build();

  @Test
  void packUsesTheBareMessageName() {
    Any any = Anys.pack(EXIT);

    assertThat(any.getTypeUrl()).isEqualTo("containerd.events.TaskExit");
    assertThat(any.getValue()).isEqualTo(EXIT.toByteString());
  }

  @Test
  void packOfImageEventsAndMetricsUsesTheirOwnPackages() {
    assertThat(Anys.pack(ImageUpdate.getDefaultInstance()).getTypeUrl())
        .isEqualTo("containerd.services.images.v1.ImageUpdate");
    assertThat(Anys.pack(io.berth.api.cgroups.v1.Metrics.getDefaultInstance()).getTypeUrl())
        .isEqualTo("io.containerd.cgroups.v1.Metrics");
    assertThat(Anys.pack(io.berth.api.cgroups.v2.Metrics.getDefaultInstance()).getTypeUrl())
        .isEqualTo("io.containerd.cgroups.v2.Metrics");
    assertThat(Anys.pack(Options.getDefaultInstance()).getTypeUrl())
        .isEqualTo("containerd.runc.v1.Options");
    assertThat(Anys.pack(io.berth.api.linux.runc.CreateOptions.getDefaultInstance()).getTypeUrl())
        .isEqualTo("containerd.linux.runc.CreateOptions");
  }

  @Test
  void packOfRawBytesKeepsUrlAndValue() {
    byte[] json = "{\"ociVersion\":\"1.0.2\"}".getBytes(StandardCharsets.UTF_8);

    Any any = Anys.pack(Anys.OCI_SPEC, json);

    assertThat(any.getTypeUrl())
        .isEqualTo("types.containerd.io/opencontainers/runtime-spec/1/Spec");
    assertThat(any.getValue().toByteArray()).isEqualTo(json);
  }

  @Test
  void jsonTypeUrlsAreContainerdsNames() {
    assertThat(Anys.OCI_PROCESS)
        .isEqualTo("types.containerd.io/opencontainers/runtime-spec/1/Process");
    assertThat(Anys.OCI_LINUX_RESOURCES)
        .isEqualTo("types.containerd.io/opencontainers/runtime-spec/1/LinuxResources");
  }

  @Test
  void unpackByClassAndByParserRoundTrips() {
    Any any = Anys.pack(EXIT);

    assertThat(Anys.unpack(any, TaskExit.class)).isEqualTo(EXIT);
    assertThat(Anys.unpack(any, TaskExit.parser())).isEqualTo(EXIT);
  }

  @Test
  void unpackAcceptsPrefixedUrls() {
    Any any = Any.pack(EXIT); // protobuf-java's own packing, with type.googleapis.com/

    assertThat(any.getTypeUrl()).startsWith(Anys.GOOGLE_PREFIX);
    assertThat(Anys.unpack(any, TaskExit.class)).isEqualTo(EXIT);
    assertThat(Anys.is(any, TaskExit.class)).isTrue();
    assertThat(Anys.is(any, "containerd.events.TaskExit")).isTrue();
    assertThat(Anys.is(Anys.pack(EXIT), "containerd.events.TaskExit")).isTrue();
  }

  @Test
  void unpackOfAnotherTypeNamesBothTypes() {
    Any any = Anys.pack(ProcessDetails.newBuilder().setExecId("e1").build());

    assertThatThrownBy(() -> Anys.unpack(any, TaskExit.class))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "any: expected type \"containerd.events.TaskExit\", "
                + "got \"containerd.runc.v1.ProcessDetails\": invalid argument");
    assertThatThrownBy(() -> Anys.unpack(any, TaskExit.parser()))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("containerd.events.TaskExit")
        .hasMessageContaining("containerd.runc.v1.ProcessDetails");
  }

  @Test
  void aNameThatOnlyEndsLikeTheTypeDoesNotMatch() {
    Any glued = Any.newBuilder().setTypeUrl("xcontainerd.events.TaskExit").build();
    Any otherPackage = Any.newBuilder().setTypeUrl("other.containerd.events.TaskExit").build();

    assertThat(Anys.is(glued, TaskExit.class)).isFalse();
    assertThat(Anys.is(otherPackage, TaskExit.class)).isFalse();
    assertThat(Anys.is(glued, "containerd.events.TaskExit")).isFalse();
    assertThat(Anys.is(otherPackage, "containerd.events.TaskExit")).isFalse();
    assertThatThrownBy(() -> Anys.unpack(glued, TaskExit.class))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void unpackOfCorruptBytesIsInvalidArgument() {
    Any any =
        Any.newBuilder()
            .setTypeUrl("containerd.events.TaskExit")
            .setValue(ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01}))
            .build();

    assertThatThrownBy(() -> Anys.unpack(any, TaskExit.class))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("any: cannot decode \"containerd.events.TaskExit\": ")
        .hasMessageEndingWith(": invalid argument");
  }

  @Test
  void typeNameStripsAnyPrefix() {
    assertThat(Anys.typeName("containerd.events.TaskExit")).isEqualTo("containerd.events.TaskExit");
    assertThat(Anys.typeName("type.googleapis.com/containerd.events.TaskExit"))
        .isEqualTo("containerd.events.TaskExit");
  }

  @Test
  void decodeFindsKnownTypesByEitherUrlForm() {
    ContainerCreate create =
        ContainerCreate.newBuilder()
            .setId("web")
            .setImage("busybox")
            .setRuntime(
                ContainerCreate.Runtime.newBuilder()
                    .setName("io.containerd.runc.v2")
                    .setOptions(Anys.pack(Options.newBuilder().setBinaryName("runc").build())))
            .build();

    assertThat(Anys.decode(Anys.pack(create))).contains(create);
    assertThat(Anys.decode(Any.pack(create))).contains(create);
    assertThat(Anys.decode(Anys.pack(EXIT))).contains(EXIT);
  }

  @Test
  void decodeOfUnknownOrJsonTypesIsEmpty() {
    assertThat(Anys.decode(Anys.pack(Anys.OCI_SPEC, "{}".getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
    assertThat(Anys.decode(Anys.pack(Timestamp.getDefaultInstance()))).isEmpty();
    assertThat(Anys.decode(Any.getDefaultInstance())).isEmpty();
  }

  @Test
  void decodeOfCorruptKnownTypeIsInvalidArgument() {
    Any any =
        Any.newBuilder()
            .setTypeUrl("io.containerd.cgroups.v1.Metrics")
            .setValue(ByteString.copyFrom(new byte[] {(byte) 0xff}))
            .build();

    assertThatThrownBy(() -> Anys.decode(any))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("io.containerd.cgroups.v1.Metrics");
  }

  @Test
  void registryKnowsEveryEventMetricsAndOptionsType() {
    List<FileDescriptor> files =
        List.of(
            ContainerEventsProto.getDescriptor(),
            ContentEventsProto.getDescriptor(),
            NamespaceEventsProto.getDescriptor(),
            SnapshotEventsProto.getDescriptor(),
            TaskEventsProto.getDescriptor(),
            ImageEventsProto.getDescriptor(),
            RuncOptionsProto.getDescriptor(),
            LinuxRuncProto.getDescriptor());
    List<String> expected =
        files.stream()
            .flatMap(f -> f.getMessageTypes().stream())
            .map(Descriptor::getFullName)
            .toList();

    assertThat(Anys.registry().typeNames())
        .containsAll(expected)
        .contains("io.containerd.cgroups.v1.Metrics", "io.containerd.cgroups.v2.Metrics")
        .hasSize(expected.size() + 2);
  }

  @Test
  void everyRegisteredTypeRoundTripsThroughDecode() {
    for (String name : Anys.registry().typeNames()) {
      Message prototype = Anys.registry().prototype(name).orElseThrow();
      Any any = Anys.pack(prototype);

      assertThat(any.getTypeUrl()).isEqualTo(name);
      assertThat(Anys.decode(any)).contains(prototype);
    }
  }

  @Test
  void registryOfCustomTypes() {
    AnyRegistry registry = AnyRegistry.of(List.of(EXIT, Timestamp.getDefaultInstance()));

    assertThat(registry.typeNames())
        .containsExactlyInAnyOrder("containerd.events.TaskExit", "google.protobuf.Timestamp");
    assertThat(registry.prototype("type.googleapis.com/google.protobuf.Timestamp"))
        .contains(Timestamp.getDefaultInstance());
    assertThat(registry.decode(Anys.pack(ProcessDetails.getDefaultInstance()))).isEmpty();
  }
}
