package io.berth.daemon.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.ListContainerMessage;
import io.berth.api.services.containers.v1.ListContainersResponse;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedMessageTest {

  private static final ListContainersResponse LIST = ListContainersResponse.newBuilder()
      .addContainers(Container.newBuilder().setId("a").putLabels("k", "v"))
      .addContainers(Container.newBuilder().setId("b").setImage("img"))
      .build();

  /** The same bytes in two pieces, as the store builds them in blocks. */
  private static ByteString pieces(byte[] bytes) {
    int half = bytes.length / 2;
    return ByteString.copyFrom(bytes, 0, half)
        .concat(ByteString.copyFrom(bytes, half, bytes.length - half));
  }

  @Test
  void streamsTheBytesAsTheyAre() throws Exception {
    byte[] bytes = LIST.toByteArray();
    InputStream drained = EncodedMessage.MARSHALLER.stream(EncodedMessage.of(pieces(bytes)));
    assertThat(drained).isInstanceOf(KnownLength.class);
    assertThat(drained.available()).isEqualTo(bytes.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(((Drainable) drained).drainTo(out)).isEqualTo(bytes.length);
    assertThat(out.toByteArray()).isEqualTo(bytes);

    InputStream read = EncodedMessage.MARSHALLER.stream(EncodedMessage.of(pieces(bytes)));
    assertThat(read.read()).isEqualTo(bytes[0] & 0xff);
    assertThat(read.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1,
        bytes.length));
    assertThat(EncodedMessage.MARSHALLER.parse(new java.io.ByteArrayInputStream(bytes)).bytes())
        .isEqualTo(ByteString.copyFrom(bytes));
  }

  @Test
  void eachFieldGivesOneMessagePerContainer() throws Exception {
    List<EncodedMessage> each = EncodedMessage.eachField(pieces(LIST.toByteArray()));
    assertThat(each).hasSize(2);
    assertThat(ListContainerMessage.parseFrom(each.get(0).bytes()).getContainer())
        .isEqualTo(LIST.getContainers(0));
    assertThat(ListContainerMessage.parseFrom(each.get(1).bytes()).getContainer())
        .isEqualTo(LIST.getContainers(1));
    assertThat(EncodedMessage.eachField(ByteString.EMPTY)).isEmpty();
    assertThatThrownBy(() -> EncodedMessage.eachField(ByteString.copyFrom(new byte[] {10, 9})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
