package io.berth.api.client;

import io.grpc.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 cleartext connection to a gRPC server on a unix socket, driven entirely by the thread
 * that makes a call: it writes the request's frames, then reads frames until its stream ends. No
 * event loop and no hand-off between threads, so a call costs a write and a read or two. Calls
 * on one connection take turns ({@link #turn()}).
 *
 * <p>This side's receive windows are 1 MiB per stream and for the connection, as grpc-java's
 * client starts with: each half consumed is given back at once. (Windows of 1 GiB made berthd's
 * Netty server queue a whole 10 MB answer at once and spend ~5 times the CPU writing it out.)
 * The server's SETTINGS, PINGs and window updates are answered as they come.
 */
final class Http2Connection implements AutoCloseable {

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  // frame types (RFC 9113 section 6)
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int RST_STREAM = 0x3;
  private static final int SETTINGS = 0x4;
  private static final int PUSH_PROMISE = 0x5;
  private static final int PING = 0x6;
  private static final int GOAWAY = 0x7;
  private static final int WINDOW_UPDATE = 0x8;
  private static final int CONTINUATION = 0x9;

  // flags
  private static final int END_STREAM = 0x1;
  private static final int ACK = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int PADDED = 0x8;
  private static final int PRIORITY = 0x20;

  // settings
  private static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
  private static final int SETTINGS_ENABLE_PUSH = 0x2;
  private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  private static final int SETTINGS_MAX_FRAME_SIZE = 0x5;

  private static final int DEFAULT_WINDOW = 65_535;
  private static final int DEFAULT_MAX_FRAME = 16_384;
  /** What this side lets the server send, per stream and on the connection. */
  private static final int RECEIVE_WINDOW = 1 << 20;

  /** A finished exchange: the response's headers, the data of its stream, and its trailers. */
  record Exchange(Http2Headers headers, byte[] data, Http2Headers trailers) {}

  private final SocketChannel channel;
  /**
   * Where a call waits for the socket, which is non-blocking. A thread blocked in read(2) on a
   * unix socket is woken whenever the server reads (the "room to write" wake-up is not filtered
   * for readers), so every request woke its caller once for nothing, and the server paid for
   * that wake-up. A waiter in epoll is woken only for what it waits for.
   */
  private final Selector selector;
  private final SelectionKey key;
  /**
   * grpc-timeout differs in every call, so it is sent as a literal that neither side's HPACK
   * table keeps: indexed, each call added an entry to both tables and pushed the stable ones
   * (path, authority, namespace) out sooner.
   */
  private final DefaultHttp2HeadersEncoder encoder =
      new DefaultHttp2HeadersEncoder((name, value) -> GRPC_TIMEOUT.contentEquals(name));
  private static final AsciiString GRPC_TIMEOUT = AsciiString.cached("grpc-timeout");
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
  private ByteBuffer in = ByteBuffer.allocate(64 << 10).flip();
  private ByteBuf out = Unpooled.buffer(4 << 10);
  private int nextStream = 1;
  private long connectionSendWindow = DEFAULT_WINDOW;
  private int peerInitialWindow = DEFAULT_WINDOW;
  private int peerMaxFrame = DEFAULT_MAX_FRAME;
  private long unacknowledgedReceived;
  /** GOAWAY's last stream id, or -1 while the server has not sent one. */
  private volatile int goAwayLastStream = -1;
  private volatile boolean broken;
  /** When the call in progress must end (System.nanoTime), or {@link #NO_DEADLINE}. */
  private long callDeadline = NO_DEADLINE;
  static final long NO_DEADLINE = Long.MAX_VALUE;
  /** Held by the call using the connection; others wait their turn. */
  private final ReentrantLock turn = new ReentrantLock();

  private Http2Connection(SocketChannel channel) throws IOException {
    this.channel = channel;
    channel.configureBlocking(false);
    this.selector = Selector.open();
    try {
      this.key = channel.register(selector, 0);
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
  }

  /** Connects and sends the preface and this side's settings (the server's come later). */
  static Http2Connection open(Path socket) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      Http2Connection c = new Http2Connection(ch);
      c.out.writeBytes(PREFACE);
      c.frameHeader(12, SETTINGS, 0, 0);
      c.setting(SETTINGS_ENABLE_PUSH, 0);
      c.setting(SETTINGS_INITIAL_WINDOW_SIZE, RECEIVE_WINDOW);
      c.windowUpdate(0, RECEIVE_WINDOW - DEFAULT_WINDOW);
      c.flush();
      return c;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Whether calls may still be made: no I/O error, no GOAWAY, not closed. Answers at once, also
   * while another thread's call holds the connection.
   */
  boolean usable() {
    return !broken && goAwayLastStream < 0 && channel.isOpen();
  }

  /**
   * The lock a call holds around {@link #exchange}: calls on one connection take turns. A caller
   * with a deadline waits for its turn with tryLock, so that it never closes the connection under
   * another caller's call.
   */
  ReentrantLock turn() {
    return turn;
  }

  /**
   * Sends {@code headers} and {@code body} (a whole gRPC request stream: its length-prefixed
   * messages) on a new stream and reads until the stream ends; the caller holds {@link #turn()}.
   * A stream the server resets ends with the gRPC status of its error code; a server going away
   * before the stream was taken ends it UNAVAILABLE. A call still waiting on the socket at
   * {@code deadlineNanos} (System.nanoTime, or {@link #NO_DEADLINE}) closes the connection, whose
   * stream is left half read, and ends with {@link DeadlineReached}.
   *
   * @throws IOException if the connection fails or is closed meanwhile (it is then broken)
   */
  Exchange exchange(Http2Headers headers, byte[] body, long deadlineNanos) throws IOException {
    if (!turn.isHeldByCurrentThread()) {
      throw new IllegalStateException("exchange without the connection's turn");
    }
    if (!usable()) {
      throw new IOException("connection is no longer usable");
    }
    callDeadline = deadlineNanos;
    try {
      int stream = nextStream;
      nextStream += 2;
      writeHeaders(stream, headers);
      Stream s = new Stream(stream);
      sendData(s, body);
      while (!s.ended) {
        readFrame(s);
      }
      if (s.status != null) {
        throw new StreamFailure(s.status);
      }
      return new Exchange(s.headers, s.data.bytes(), s.trailers);
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof StreamFailure)) {
        broken = true;
      }
      throw e;
    }
  }

  /** A stream that ended without an answer: reset by the server, or not taken before GOAWAY. */
  static final class StreamFailure extends RuntimeException {
    final Status status;

    StreamFailure(Status status) {
      super(status.toString(), null, false, false);
      this.status = status;
    }
  }

  /** The call's deadline passed while it waited on the socket; the connection is closed. */
  static final class DeadlineReached extends IOException {
    DeadlineReached() {
      super("deadline reached while waiting for the server");
    }
  }

  /** The state of the one stream being exchanged. */
  private static final class Stream {
    final int id;
    long sendWindow;
    long unacknowledged;
    Http2Headers headers;
    Http2Headers trailers;
    final Data data = new Data();
    ByteArrayOutputStream headerBlock;
    boolean blockEndsStream;
    boolean ended;
    Status status;

    Stream(int id) {
      this.id = id;
    }
  }

  /**
   * A stream's DATA bytes: once the first message's 5-byte gRPC prefix has come, the array is
   * made the size of that message at once (up to the largest message taken), so that a large
   * answer is neither copied to grow nor copied out.
   */
  private static final class Data {
    private byte[] bytes = new byte[256];
    private int size;

    void write(byte[] src, int offset, int length) {
      int need = size + length;
      if (need > bytes.length) {
        int planned = size >= 5 ? 5 + (ByteBuffer.wrap(bytes, 1, 4).getInt() & 0x7fffffff) : 0;
        if (planned > BerthClient.MAX_MESSAGE_SIZE + 5 || planned < need) {
          planned = Math.max(need, 2 * bytes.length);
        }
        bytes = java.util.Arrays.copyOf(bytes, planned);
      }
      System.arraycopy(src, offset, bytes, size, length);
      size = need;
    }

    int size() {
      return size;
    }

    /** The bytes, in an array of exactly their size (the array itself when it fits exactly). */
    byte[] bytes() {
      return size == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, size);
    }
  }

  private void writeHeaders(int stream, Http2Headers headers) throws IOException {
    ByteBuf block = Unpooled.buffer(256);
    try {
      encoder.encodeHeaders(stream, headers, block);
    } catch (Http2Exception e) {
      throw new IllegalArgumentException("cannot encode the request headers: " + e.getMessage(), e);
    }
    // a block larger than a frame goes on in CONTINUATION frames
    boolean first = true;
    do {
      int n = Math.min(block.readableBytes(), peerMaxFrame);
      boolean last = n == block.readableBytes();
      frameHeader(n, first ? HEADERS : CONTINUATION, last ? END_HEADERS : 0, stream);
      out.writeBytes(block, n);
      first = false;
    } while (block.isReadable());
  }

  private void sendData(Stream s, byte[] body) throws IOException {
    s.sendWindow = peerInitialWindow;
    int sent = 0;
    do {
      int n = (int) Math.min(Math.min(body.length - sent, peerMaxFrame),
          Math.min(connectionSendWindow, s.sendWindow));
      if (n <= 0 && body.length > 0) {
        flush();
        readFrame(s); // wait for a window update (or an early end of the stream)
        if (s.ended) {
          return;
        }
        continue;
      }
      boolean last = sent + n == body.length;
      frameHeader(n, DATA, last ? END_STREAM : 0, s.id);
      out.writeBytes(body, sent, n);
      sent += n;
      connectionSendWindow -= n;
      s.sendWindow -= n;
    } while (sent < body.length);
    flush();
  }

  private void readFrame(Stream s) throws IOException {
    fill(9);
    int length = (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | (in.get() & 0xff);
    int type = in.get() & 0xff;
    int flags = in.get() & 0xff;
    int stream = in.getInt() & 0x7fffffff;
    fill(length);
    ByteBuffer payload = in.slice(in.position(), length);
    in.position(in.position() + length);
    switch (type) {
      case DATA -> {
        unacknowledgedReceived += length;
        boolean mine = stream == s.id;
        if (mine) {
          s.unacknowledged += length;
          ByteBuffer d = unpad(payload, flags);
          if (s.data.size() + d.remaining() > BerthClient.MAX_MESSAGE_SIZE + 5) {
            broken = true; // the rest of the answer is never read: the connection is given up
            throw new StreamFailure(Status.RESOURCE_EXHAUSTED.withDescription(
                "the answer exceeds the largest message taken, "
                    + BerthClient.MAX_MESSAGE_SIZE + " bytes"));
          }
          s.data.write(d.array(), d.arrayOffset() + d.position(), d.remaining());
          if ((flags & END_STREAM) != 0) {
            s.ended = true;
          }
        }
        boolean connectionDue = unacknowledgedReceived >= RECEIVE_WINDOW / 2;
        if (connectionDue) {
          windowUpdate(0, unacknowledgedReceived);
          unacknowledgedReceived = 0;
        }
        boolean streamDue = mine && !s.ended
            && (connectionDue || s.unacknowledged >= RECEIVE_WINDOW / 2);
        if (streamDue) {
          windowUpdate(s.id, s.unacknowledged);
          s.unacknowledged = 0;
        }
        if (connectionDue || streamDue) {
          flush();
        }
      }
      case HEADERS -> {
        ByteBuffer block = unpad(payload, flags);
        if ((flags & PRIORITY) != 0) {
          block.position(block.position() + 5);
        }
        headerFragment(s, stream, block, flags, (flags & END_STREAM) != 0, true);
      }
      case CONTINUATION -> headerFragment(s, stream, payload, flags, false, false);
      case RST_STREAM -> {
        if (stream == s.id) {
          s.status = resetStatus(payload.getInt());
          s.ended = true;
        }
      }
      case SETTINGS -> {
        if ((flags & ACK) == 0) {
          settings(payload, s);
          frameHeader(0, SETTINGS, ACK, 0);
          flush();
        }
      }
      case PING -> {
        if ((flags & ACK) == 0) {
          frameHeader(8, PING, ACK, 0);
          out.writeBytes(payload);
          flush();
        }
      }
      case GOAWAY -> {
        goAwayLastStream = payload.getInt() & 0x7fffffff;
        if (s.id > goAwayLastStream) {
          s.status = Status.UNAVAILABLE.withDescription("the server is going away");
          s.ended = true;
        }
      }
      case WINDOW_UPDATE -> {
        int increment = payload.getInt() & 0x7fffffff;
        if (stream == 0) {
          connectionSendWindow += increment;
        } else if (stream == s.id) {
          s.sendWindow += increment;
        }
      }
      case PUSH_PROMISE -> throw new IOException("the server pushed a stream, which was disabled");
      default -> { } // PRIORITY and unknown types carry nothing for this side
    }
  }

  private void headerFragment(Stream s, int stream, ByteBuffer fragment, int flags,
      boolean endsStream, boolean first) throws IOException {
    if (first) {
      s.headerBlock = new ByteArrayOutputStream();
      s.blockEndsStream = endsStream;
    } else if (s.headerBlock == null) {
      throw new IOException("CONTINUATION frame without a HEADERS frame");
    }
    s.headerBlock.write(fragment.array(), fragment.arrayOffset() + fragment.position(),
        fragment.remaining());
    if ((flags & END_HEADERS) == 0) {
      return;
    }
    Http2Headers decoded;
    try {
      // every block goes through the decoder, so that its table stays in step with the server's
      decoded = decoder.decodeHeaders(stream, Unpooled.wrappedBuffer(s.headerBlock.toByteArray()));
    } catch (Http2Exception e) {
      throw new IOException("cannot decode the server's headers: " + e.getMessage(), e);
    }
    s.headerBlock = null;
    if (stream != s.id) {
      return;
    }
    if (s.headers == null && !s.blockEndsStream) {
      s.headers = decoded;
    } else {
      s.trailers = decoded;
    }
    if (s.blockEndsStream) {
      s.ended = true;
    }
  }

  /** Takes the server's settings; a new initial window also moves the open stream's window. */
  private void settings(ByteBuffer payload, Stream open) {
    while (payload.remaining() >= 6) {
      int id = payload.getShort() & 0xffff;
      long value = payload.getInt() & 0xffffffffL;
      switch (id) {
        case SETTINGS_HEADER_TABLE_SIZE -> {
          try {
            encoder.configuration().maxHeaderTableSize(value);
          } catch (Http2Exception e) {
            broken = true;
          }
        }
        case SETTINGS_INITIAL_WINDOW_SIZE -> {
          int window = (int) Math.min(value, Integer.MAX_VALUE);
          open.sendWindow += window - peerInitialWindow;
          peerInitialWindow = window;
        }
        case SETTINGS_MAX_FRAME_SIZE -> peerMaxFrame = (int) value;
        default -> { }
      }
    }
  }

  /** gRPC's status for an HTTP/2 error code that ended a stream (the gRPC HTTP/2 mapping). */
  private static Status resetStatus(int errorCode) {
    Status s = switch (errorCode) {
      case 0x7 -> Status.UNAVAILABLE; // REFUSED_STREAM
      case 0x8 -> Status.CANCELLED; // CANCEL
      case 0xb -> Status.RESOURCE_EXHAUSTED; // ENHANCE_YOUR_CALM
      case 0xc -> Status.PERMISSION_DENIED; // INADEQUATE_SECURITY
      default -> Status.INTERNAL;
    };
    return s.withDescription("the server reset the stream (HTTP/2 error code " + errorCode + ")");
  }

  private static ByteBuffer unpad(ByteBuffer payload, int flags) throws IOException {
    if ((flags & PADDED) == 0) {
      return payload;
    }
    int pad = payload.get() & 0xff;
    if (pad > payload.remaining()) {
      throw new IOException("frame padding longer than the frame");
    }
    return payload.slice(payload.position(), payload.remaining() - pad);
  }

  /** Makes {@code n} bytes readable from {@code in}, reading from the socket as needed. */
  private void fill(int n) throws IOException {
    if (in.remaining() >= n) {
      return;
    }
    if (in.capacity() < n) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, 2 * in.capacity()));
      bigger.put(in);
      in = bigger;
    } else {
      in.compact();
    }
    while (in.position() < n) {
      await(SelectionKey.OP_READ);
      if (channel.read(in) < 0) {
        throw new IOException("the server closed the connection");
      }
    }
    in.flip();
  }

  private void frameHeader(int length, int type, int flags, int stream) {
    out.writeMedium(length);
    out.writeByte(type);
    out.writeByte(flags);
    out.writeInt(stream);
  }

  /** Lets the server send {@code increment} more bytes on {@code stream} (0: the connection). */
  private void windowUpdate(int stream, long increment) {
    frameHeader(4, WINDOW_UPDATE, 0, stream);
    out.writeInt((int) increment);
  }

  private void setting(int id, int value) {
    out.writeShort(id);
    out.writeInt(value);
  }

  private void flush() throws IOException {
    ByteBuffer b = out.nioBuffer();
    channel.write(b);
    while (b.hasRemaining()) {
      await(SelectionKey.OP_WRITE);
      channel.write(b);
    }
    out.clear();
    if (out.capacity() > (256 << 10)) {
      out = Unpooled.buffer(4 << 10);
    }
  }

  /**
   * Waits until the socket is ready for {@code op} (or may be: wake-ups can be early), at most
   * until the call's deadline.
   */
  private void await(int op) throws IOException {
    long timeoutMillis = 0; // none: wait as long as it takes
    if (callDeadline != NO_DEADLINE) {
      long left = callDeadline - System.nanoTime();
      if (left <= 0) {
        close();
        throw new DeadlineReached();
      }
      timeoutMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
    }
    try {
      key.interestOps(op);
      selector.select(timeoutMillis);
    } catch (ClosedSelectorException | CancelledKeyException e) {
      throw new IOException("the connection was closed", e);
    }
    if (Thread.currentThread().isInterrupted()) {
      close();
      throw new ClosedByInterruptException();
    }
  }

  /** Closes the socket; a call waiting on it fails at once. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      selector.close();
    }
  }
}
