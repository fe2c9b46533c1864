package io.berth.api.ttrpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Reads and writes ttrpc messages on a connected socket: one reader at a time, writers one
 * after the other (each message is written whole before the next begins).
 */
final class FrameChannel implements AutoCloseable {
  /** The largest payload either side sends or accepts, as ttrpc's. */
  static final int MAX_PAYLOAD = 4 << 20;

  static final int HEADER = 10;
  private static final int SKIP_CHUNK = 64 << 10;

  private final SocketChannel socket;
  private final ByteBuffer header = ByteBuffer.allocate(HEADER);
  private final Object writeLock = new Object();

  FrameChannel(SocketChannel socket) {
    this.socket = socket;
  }

  /**
   * The next message; null at end of input between messages. A payload longer than {@link
   * #MAX_PAYLOAD} is read past and left out.
   *
   * @throws EOFException if the input ends inside a message
   */
  Frame read() throws IOException {
    header.clear();
    if (!fill(header, true)) {
      return null;
    }
    header.flip();
    long length = Integer.toUnsignedLong(header.getInt());
    int streamId = header.getInt();
    int type = header.get() & 0xff;
    int flags = header.get() & 0xff;
    if (length > MAX_PAYLOAD) {
      skip(length);
      return new Frame(streamId, type, flags, length, null);
    }
    ByteBuffer payload = ByteBuffer.allocate((int) length);
    fill(payload, false);
    return new Frame(streamId, type, flags, length, payload.array());
  }

  /** Writes one message; the caller has checked the payload's size. */
  void write(int streamId, int type, byte[] payload) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
    b.putInt(payload.length).putInt(streamId).put((byte) type).put((byte) 0).put(payload).flip();
    synchronized (writeLock) {
      while (b.hasRemaining()) {
        socket.write(b);
      }
    }
  }

  /** Fills {@code b}; false if the input ended before its first byte and {@code mayEnd}. */
  private boolean fill(ByteBuffer b, boolean mayEnd) throws IOException {
    boolean first = true;
    while (b.hasRemaining()) {
      if (socket.read(b) < 0) {
        if (first && mayEnd) {
          return false;
        }
        throw new EOFException("connection closed inside a message");
      }
      first = b.position() == 0;
    }
    return true;
  }

  private void skip(long length) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(SKIP_CHUNK);
    long left = length;
    while (left > 0) {
      chunk.clear().limit((int) Math.min(SKIP_CHUNK, left));
      fill(chunk, false);
      left -= chunk.limit();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
