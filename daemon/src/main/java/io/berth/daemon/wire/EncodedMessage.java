package io.berth.daemon.wire;

import com.google.protobuf.CodedOutputStream;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A response message sent as bytes assembled from messages that are already encoded, such as
 * containers re-encoded straight from the store: a message field on the wire is its tag, its
 * length and the embedded message's bytes, so nothing is decoded or built as an object.
 * {@link #MARSHALLER} sends it as it is.
 */
public final class EncodedMessage {

  /** Sends the bytes as they are; reads a received message into bytes. */
  public static final MethodDescriptor.Marshaller<EncodedMessage> MARSHALLER =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(EncodedMessage value) {
          return new Stream(value.bytes);
        }

        @Override
        public EncodedMessage parse(InputStream stream) {
          try {
            return new EncodedMessage(stream.readAllBytes());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final byte[] bytes;

  private EncodedMessage(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A message whose field {@code field} holds the encoded message {@code message}. */
  public static EncodedMessage embedding(int field, byte[] message) {
    return embedding(field, List.of(message));
  }

  /**
   * A message whose repeated field {@code field} holds the encoded messages {@code messages},
   * in order.
   */
  public static EncodedMessage embedding(int field, List<byte[]> messages) {
    int size = 0;
    for (byte[] m : messages) {
      size += CodedOutputStream.computeByteArraySize(field, m);
    }
    byte[] out = new byte[size];
    CodedOutputStream w = CodedOutputStream.newInstance(out);
    try {
      for (byte[] m : messages) {
        w.writeByteArray(field, m);
      }
    } catch (IOException e) {
      throw new IllegalStateException("sizes were computed for this very content", e);
    }
    w.checkNoSpaceLeft();
    return new EncodedMessage(out);
  }

  /** The encoded message. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes as a stream that tells its length and drains in one write. */
  private static final class Stream extends ByteArrayInputStream implements KnownLength, Drainable {
    Stream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
