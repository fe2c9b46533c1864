package io.berth.daemon.wire;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A message sent as its encoding, assembled without building the message: e.g. a response whose
 * containers were re-encoded straight from the store (a message field on the wire is its tag,
 * its length and the embedded message's bytes). {@link #MARSHALLER} sends the bytes as they are.
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
            return new EncodedMessage(ByteString.readFrom(stream));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final ByteString bytes;

  private EncodedMessage(ByteString bytes) {
    this.bytes = bytes;
  }

  /** The message encoded as {@code bytes}. */
  public static EncodedMessage of(ByteString bytes) {
    return new EncodedMessage(bytes);
  }

  /**
   * One message per field of the message encoded as {@code bytes}, each holding that field
   * alone: a list response's repeated field split into the messages of a stream, without copying.
   *
   * @throws IllegalArgumentException if {@code bytes} is not an encoded message
   */
  public static List<EncodedMessage> eachField(ByteString bytes) {
    List<EncodedMessage> out = new ArrayList<>();
    CodedInputStream in = bytes.newCodedInput();
    try {
      int start = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        in.skipField(tag);
        int end = in.getTotalBytesRead();
        out.add(new EncodedMessage(bytes.substring(start, end)));
        start = end;
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not an encoded message: " + e.getMessage(), e);
    }
    return out;
  }

  /** The encoding. */
  public ByteString bytes() {
    return bytes;
  }

  /** The bytes as a stream that tells its length and drains them in as few writes as held. */
  private static final class Stream extends InputStream implements KnownLength, Drainable {
    private ByteString rest;
    private InputStream reading;

    Stream(ByteString bytes) {
      this.rest = bytes;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      if (reading != null) {
        return (int) reading.transferTo(target);
      }
      int n = rest.size();
      // ByteString.writeTo would copy each piece first, to keep it from the target.
      UnsafeByteOperations.unsafeWriteTo(rest, new ByteOutput() {
        @Override
        public void write(byte value) throws IOException {
          target.write(value);
        }

        @Override
        public void write(byte[] value, int offset, int length) throws IOException {
          target.write(value, offset, length);
        }

        @Override
        public void writeLazy(byte[] value, int offset, int length) throws IOException {
          target.write(value, offset, length);
        }

        @Override
        public void write(ByteBuffer value) throws IOException {
          byte[] copy = new byte[value.remaining()];
          value.get(copy);
          target.write(copy);
        }

        @Override
        public void writeLazy(ByteBuffer value) throws IOException {
          write(value);
        }
      });
      rest = ByteString.EMPTY;
      return n;
    }

    @Override
    public int available() throws IOException {
      return reading != null ? reading.available() : rest.size();
    }

    @Override
    public int read() throws IOException {
      return reader().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return reader().read(b, off, len);
    }

    private InputStream reader() {
      if (reading == null) {
        reading = rest.newInput();
        rest = ByteString.EMPTY;
      }
      return reading;
    }
  }
}
