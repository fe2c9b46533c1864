package io.berth.api.anys;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import io.berth.api.cgroups.v2.Metrics;
import io.berth.api.events.TaskExit;
import io.berth.api.runc.v1.Options;
import org.junit.jupiter.api.Test;

class TypeNamesTest {

  @Test
  void generatedMessagesAreNamedAsTheirDescriptorsNameThem() {
    assertThat(TypeNames.of(TaskExit.getDefaultInstance())).isEqualTo("containerd.events.TaskExit");
    assertThat(TypeNames.of(Options.class)).isEqualTo("containerd.runc.v1.Options");
    assertThat(TypeNames.of(Metrics.newBuilder().build()))
        .isEqualTo(Metrics.getDescriptor().getFullName());
    assertThat(TypeNames.of(Timestamp.class)).isEqualTo("google.protobuf.Timestamp");
  }

  @Test
  void aMessageWithoutAGeneratedClassIsNamedByItsDescriptor() {
    DynamicMessage m = DynamicMessage.getDefaultInstance(TaskExit.getDescriptor());
    assertThat(TypeNames.of(m)).isEqualTo("containerd.events.TaskExit");
  }
}
