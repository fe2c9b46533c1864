package io.berth.shim.init;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Framing of the control channel between the shim and an init stage, a unix stream socket: each
 * message is a type byte, a length and a payload. The stage's end is close-on-exec, so the shim
 * reading end-of-stream after {@link #START} means the execve succeeded.
 */
public final class ControlChannel implements AutoCloseable {
  /** shim to stage: the encoded {@link InitPlan}. */
  public static final byte PLAN = 1;
  /** stage to shim: set up, waiting for {@link #START}. */
  public static final byte READY = 2;
  /** shim to stage: execve now. */
  public static final byte START = 3;
  /** stage to shim: a failure message (UTF-8); the stage then exits. */
  public static final byte ERROR = 4;
  /** stage to shim: the pty master's descriptor number in the stage (4-byte int). */
  public static final byte PTY = 5;
  /** shim to stage: the shim holds its own copy of the pty master. */
  public static final byte PTY_TAKEN = 6;
  /**
   * shim to a sandbox stage, before {@link #PLAN}: the shim's descriptor numbers of the process's
   * stdin, stdout and stderr (three 4-byte ints), which the stage copies through the shim's pidfd
   * it inherited as descriptor {@link #SHIM_PIDFD}.
   */
  public static final byte STDIO = 7;
  /** The descriptor of a sandbox stage holding a pidfd of its shim. */
  public static final int SHIM_PIDFD = 3;

  private static final int MAX_PAYLOAD = 64 << 20;

  /** A received message. */
  public record Message(byte type, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int intValue() {
      return ByteBuffer.wrap(payload).getInt();
    }
  }

  private final SocketChannel channel;

  public ControlChannel(SocketChannel channel) {
    this.channel = channel;
  }

  public void send(byte type, byte[] payload) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(5 + payload.length);
    buf.put(type).putInt(payload.length).put(payload).flip();
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
  }

  public void send(byte type, String text) throws IOException {
    send(type, text.getBytes(StandardCharsets.UTF_8));
  }

  public void send(byte type, int value) throws IOException {
    send(type, ByteBuffer.allocate(4).putInt(value).array());
  }

  /** The next message, or null at end of stream. */
  public Message receive() throws IOException {
    ByteBuffer head = ByteBuffer.allocate(5);
    if (!fill(head, true)) {
      return null;
    }
    head.flip();
    byte type = head.get();
    int length = head.getInt();
    if (length < 0 || length > MAX_PAYLOAD) {
      throw new IOException("control message of " + length + " bytes");
    }
    ByteBuffer body = ByteBuffer.allocate(length);
    fill(body, false);
    return new Message(type, body.array());
  }

  private boolean fill(ByteBuffer buf, boolean eofAllowed) throws IOException {
    while (buf.hasRemaining()) {
      if (channel.read(buf) < 0) {
        if (eofAllowed && buf.position() == 0) {
          return false;
        }
        throw new EOFException("control channel closed mid-message");
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
