package io.berth.integration.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.berth.api.client.BerthClient;
import io.berth.api.client.DirectChannel;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.ListContainersResponse;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.integration.harness.DaemonProcess;
import io.berth.integration.harness.PairedDaemons;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The benchmark's client, {@link DirectChannel}, against the real berthd and containerd 1.6:
 * every call answers what grpc-java's Netty client gets from the same daemon (a list of ~1.5 MB
 * included, which spans many frames and more than the default flow-control windows), errors
 * keep their code and message, and the connection outlives them.
 */
class DirectChannelComparisonTest {

  private static final int CONTAINERS = 300;

  @RegisterExtension
  static final PairedDaemons PAIR = PairedDaemons.withEmptyDir("direct-");

  @Test
  void directAndNettyClientsGetTheSameAnswersFromBothDaemons() {
    check(PAIR.daemons().berthd());
    check(PAIR.daemons().containerd());
  }

  private static void check(DaemonProcess daemon) {
    try (BerthClient netty = BerthClient.connect(daemon.socket());
        BerthClient direct = BerthClient.over(DirectChannel.connect(daemon.socket()))) {
      var d = direct.withNamespace("direct-it").containers()
          .withDeadlineAfter(60, TimeUnit.SECONDS);
      var n = netty.withNamespace("direct-it").containers()
          .withDeadlineAfter(60, TimeUnit.SECONDS);
      byte[] spec = new byte[5_000];
      for (int i = 0; i < CONTAINERS; i++) {
        d.create(CreateContainerRequest.newBuilder().setContainer(Container.newBuilder()
            .setId("c" + i)
            .putLabels("group", "g" + i % 7)
            .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
            .setSpec(Any.newBuilder().setTypeUrl("types.containerd.io/opencontainers/"
                + "runtime-spec/1/Spec").setValue(ByteString.copyFrom(spec)))).build());
      }
      d.update(UpdateContainerRequest.newBuilder()
          .setContainer(Container.newBuilder().setId("c3").putLabels("extra", "x"))
          .setUpdateMask(FieldMask.newBuilder().addPaths("labels.extra")).build());

      ListContainersResponse all = d.list(ListContainersRequest.getDefaultInstance());
      assertThat(all.getSerializedSize()).as(daemon.socket() + " list size")
          .isGreaterThan(CONTAINERS * spec.length);
      assertThat(all).isEqualTo(n.list(ListContainersRequest.getDefaultInstance()));
      ListContainersRequest filtered =
          ListContainersRequest.newBuilder().addFilters("labels.group==g3").build();
      assertThat(d.list(filtered)).isEqualTo(n.list(filtered));
      assertThat(d.list(filtered).getContainersCount()).isEqualTo(43);
      GetContainerRequest c3 = GetContainerRequest.newBuilder().setId("c3").build();
      assertThat(d.get(c3)).isEqualTo(n.get(c3));
      assertThat(d.get(c3).getContainer().getLabelsMap()).containsEntry("extra", "x");

      for (var stub : java.util.List.of(d, n)) {
        assertThatThrownBy(() -> stub.get(GetContainerRequest.newBuilder().setId("nope").build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription()).contains("\"nope\"");
            });
      }
      for (int i = 0; i < CONTAINERS; i++) {
        d.delete(DeleteContainerRequest.newBuilder().setId("c" + i).build());
      }
      assertThat(n.list(ListContainersRequest.getDefaultInstance()).getContainersCount()).isZero();
    }
  }
}
