package io.berth.bench.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.ListContainersResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ContainerCountTest {

  private static int count(byte[] wire) {
    return ContainerCount.INSTANCE.parse(new ByteArrayInputStream(wire));
  }

  private static Container container(String id) {
    return Container.newBuilder().setId(id).putLabels("bench.group", "g1")
        .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
        .setSpec(Any.newBuilder().setTypeUrl("spec").setValue(ByteString.copyFromUtf8("{}")))
        .build();
  }

  @Test
  void countsTheContainersOfAWholeAnswer() {
    ListContainersResponse.Builder list = ListContainersResponse.newBuilder();
    for (int i = 0; i < 1000; i++) {
      list.addContainers(container("c-" + i));
    }
    assertThat(count(list.build().toByteArray())).isEqualTo(1000);
    assertThat(count(new byte[0])).isZero();
  }

  @Test
  void refusesAContainerWithoutAnIdAndMalformedBytes() {
    byte[] noId = ListContainersResponse.newBuilder().addContainers(container("a"))
        .addContainers(container("").toBuilder()).build().toByteArray();
    assertThatThrownBy(() -> count(noId))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL))
        .hasMessageContaining("container 1 of the list has no id");
    byte[] whole = ListContainersResponse.newBuilder().addContainers(container("a")).build()
        .toByteArray();
    byte[] truncated = Arrays.copyOf(whole, whole.length - 3);
    assertThatThrownBy(() -> count(truncated))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL))
        .hasMessageContaining("malformed ListContainersResponse");
  }
}
