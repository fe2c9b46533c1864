package io.berth.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UnaryCallTest {

  @Test
  void timeoutsAndMessagesUseGrpcsTextForms() {
    assertThat(UnaryCall.timeout(0)).isEqualTo("1n");
    assertThat(UnaryCall.timeout(99_999_999)).isEqualTo("99999999n");
    assertThat(UnaryCall.timeout(120_000_000_000L)).isEqualTo("120000m");
    assertThat(UnaryCall.timeout(Long.MAX_VALUE)).matches("\\d{1,8}[HMSmun]");
    assertThat(UnaryCall.percentDecoded("a%20b%C3%BC%2")).isEqualTo("a bü%2");
    assertThat(UnaryCall.percentDecoded("plain")).isEqualTo("plain");
  }

  @Test
  void aProtobufRequestIsFramedAsItsMarshallerWouldStreamIt() throws Exception {
    GetContainerRequest request = GetContainerRequest.newBuilder().setId("c-000042").build();
    MethodDescriptor.Marshaller<GetContainerRequest> proto =
        ProtoUtils.marshaller(GetContainerRequest.getDefaultInstance());
    MethodDescriptor.Marshaller<GetContainerRequest> streamOnly = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(GetContainerRequest value) {
        return new ByteArrayInputStream(value.toByteArray());
      }

      @Override
      public GetContainerRequest parse(InputStream stream) {
        throw new UnsupportedOperationException();
      }
    };

    byte[] direct = UnaryCall.frame(proto, request);
    byte[] streamed = UnaryCall.frame(streamOnly, request);

    assertThat(direct).isEqualTo(streamed);
    assertThat(direct[0]).isZero();
    assertThat(ByteBuffer.wrap(direct).getInt(1)).isEqualTo(request.getSerializedSize());
    assertThat(GetContainerRequest.parseFrom(ByteBuffer.wrap(direct, 5, direct.length - 5)))
        .isEqualTo(request);
    assertThat(UnaryCall.frame(ProtoUtils.marshaller(Container.getDefaultInstance()),
        Container.getDefaultInstance())).containsExactly(0, 0, 0, 0, 0);
  }
}
