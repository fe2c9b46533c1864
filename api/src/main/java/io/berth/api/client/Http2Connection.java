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
 * One HTTP/2 cleartext connection to a gRPC server on a unix socket, carrying one stream at a time
 * and never blocking on its own: {@link #begin} queues a request's frames and writes what the
 * socket takes, {@link #read} handles whatever the server has sent, {@link #write} writes what is
 * still queued. Either a caller drives it to the end of its stream on its own thread
 * ({@link #exchange}: no event loop, no hand-off between threads, a write and a read or two per
 * call) or an event loop drives many connections ({@link DirectLoop}).
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
   * Where {@link #exchange} waits for the socket, made at its first use (a connection driven by a
   * loop waits in the loop's). A thread blocked in read(2) on a unix socket is woken whenever the
   * server reads (the "room to write" wake-up is not filtered for readers), so every request woke
   * its caller once for nothing, and the server paid for that wake-up. A waiter in epoll is woken
   * only for what it waits for.
   */
  private Selector selector;
  private SelectionKey key;
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
  /** The stream being exchanged, or null between calls. */
  private Stream current;
  /** A header block whose CONTINUATION frames are still to come, and its stream. */
  private ByteArrayOutputStream headerBlock;
  private int headerBlockStream;
  private boolean headerBlockEndsStream;
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
  }

  /**
   * Connects and queues the preface and this side's settings (the server's come later); they go
   * out with the first call's frames.
   */
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
      return c;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The socket, for an event loop to register (it is non-blocking). */
  SocketChannel channel() {
    return channel;
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
   * messages) on a new stream and reads until the stream ends, on the calling thread, which holds
   * {@link #turn()}. A stream the server resets ends with the gRPC status of its error code; a
   * server going away before the stream was taken ends it UNAVAILABLE. A call still waiting on the
   * socket at {@code deadlineNanos} (System.nanoTime, or {@link #NO_DEADLINE}) closes the
   * connection, whose stream is left half read, and ends with {@link DeadlineReached}.
   *
   * @throws IOException if the connection fails or is closed meanwhile (it is then broken)
   */
  Exchange exchange(Http2Headers headers, byte[] body, long deadlineNanos) throws IOException {
    if (!turn.isHeldByCurrentThread()) {
      throw new IllegalStateException("exchange without the connection's turn");
    }
    callDeadline = deadlineNanos;
    begin(headers, body);
    do {
      await(out.isReadable() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
          : SelectionKey.OP_READ);
    } while (!read());
    return finish();
  }

  /**
   * Starts a stream: queues the request's frames and writes what the socket takes now. The rest,
   * and any data held back by the server's flow-control windows, goes out from {@link #read} and
   * {@link #write} as the socket and the windows allow.
   *
   * @throws IOException if the connection fails (it is then broken) or is no longer usable
   * @throws IllegalStateException if a stream is still open
   */
  void begin(Http2Headers headers, byte[] body) throws IOException {
    if (current != null) {
      throw new IllegalStateException("stream " + current.id + " has not ended");
    }
    if (!usable()) {
      throw new IOException("connection is no longer usable");
    }
    try {
      Stream s = new Stream(nextStream, body, peerInitialWindow);
      nextStream += 2;
      current = s;
      writeHeaders(s.id, headers);
      sendData(s);
      write();
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /**
   * Reads what the socket holds now, handles every whole frame in it, and writes what that made
   * due; true once the stream begun last has ended ({@link #finish} then gives its answer).
   *
   * @throws IOException if the connection fails or the server closed it (it is then broken)
   */
  boolean read() throws IOException {
    try {
      in.compact();
      int n = channel.read(in);
      in.flip();
      if (n < 0) {
        throw new IOException("the server closed the connection");
      }
      while (in.remaining() >= 9) {
        int length = (in.get(in.position()) & 0xff) << 16
            | (in.get(in.position() + 1) & 0xff) << 8 | (in.get(in.position() + 2) & 0xff);
        if (in.remaining() < 9 + length) {
          if (in.capacity() < 9 + length) {
            in = ByteBuffer.allocate(Math.max(9 + length, 2 * in.capacity())).put(in).flip();
          }
          break;
        }
        frame(length);
      }
      if (current != null && !current.ended) {
        sendData(current);
      }
      write();
      return current != null && current.ended;
    } catch (IOException | RuntimeException e) {
      if (!(e instanceof StreamFailure)) {
        broken = true;
      }
      throw e;
    }
  }

  /**
   * Writes what is queued, as far as the socket takes it; true when nothing is left (else the
   * caller waits until the socket is writable and calls again).
   *
   * @throws IOException if the connection fails (it is then broken)
   */
  boolean write() throws IOException {
    if (!out.isReadable()) {
      return true;
    }
    try {
      out.readerIndex(out.readerIndex() + channel.write(out.nioBuffer()));
    } catch (IOException e) {
      broken = true;
      throw e;
    }
    if (out.isReadable()) {
      return false;
    }
    out.clear();
    if (out.capacity() > (256 << 10)) {
      out = Unpooled.buffer(4 << 10);
    }
    return true;
  }

  /** Whether frames are queued that the socket has not taken yet. */
  boolean writePending() {
    return out.isReadable();
  }

  /**
   * The answer of the stream that has ended (after {@link #read} said so); the connection is then
   * ready for the next {@link #begin}.
   *
   * @throws StreamFailure if the server reset the stream or went away before taking it
   */
  Exchange finish() {
    Stream s = current;
    if (s == null || !s.ended) {
      throw new IllegalStateException("no stream has ended");
    }
    current = null;
    if (s.status != null) {
      throw new StreamFailure(s.status);
    }
    return new Exchange(s.headers, s.data.bytes(), s.trailers);
  }

  /**
   * Gives up the open stream: the server is told to cancel it (RST_STREAM CANCEL) and whatever it
   * still sends for it is read and dropped. The connection is ready for the next {@link #begin}.
   */
  void cancel() throws IOException {
    Stream s = current;
    if (s == null) {
      return;
    }
    current = null;
    if (!s.ended) {
      frameHeader(4, RST_STREAM, 0, s.id);
      out.writeInt(0x8);
      write();
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
    final byte[] body;
    /** How much of the body has been queued, and whether its last frame has. */
    int sent;
    boolean bodySent;
    long sendWindow;
    long unacknowledged;
    Http2Headers headers;
    Http2Headers trailers;
    final Data data = new Data();
    boolean ended;
    Status status;

    Stream(int id, byte[] body, long sendWindow) {
      this.id = id;
      this.body = body;
      this.sendWindow = sendWindow;
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

  /** Queues as much of the stream's body as the flow-control windows allow. */
  private void sendData(Stream s) {
    byte[] body = s.body;
    while (!s.bodySent && !s.ended) {
      int n = (int) Math.min(Math.min(body.length - s.sent, peerMaxFrame),
          Math.min(connectionSendWindow, s.sendWindow));
      if (n <= 0 && body.length > 0) {
        return; // the rest waits for a window update
      }
      n = Math.max(n, 0);
      boolean last = s.sent + n == body.length;
      frameHeader(n, DATA, last ? END_STREAM : 0, s.id);
      out.writeBytes(body, s.sent, n);
      s.sent += n;
      s.bodySent = last;
      connectionSendWindow -= n;
      s.sendWindow -= n;
    }
  }

  /** Handles the whole frame at {@code in}'s position, whose payload is {@code length} bytes. */
  private void frame(int length) throws IOException {
    in.position(in.position() + 3);
    int type = in.get() & 0xff;
    int flags = in.get() & 0xff;
    int stream = in.getInt() & 0x7fffffff;
    ByteBuffer payload = in.slice(in.position(), length);
    in.position(in.position() + length);
    Stream s = current != null && stream == current.id ? current : null;
    switch (type) {
      case DATA -> {
        unacknowledgedReceived += length;
        if (s != null) {
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
        if (s != null && !s.ended && (connectionDue || s.unacknowledged >= RECEIVE_WINDOW / 2)) {
          windowUpdate(s.id, s.unacknowledged);
          s.unacknowledged = 0;
        }
      }
      case HEADERS -> {
        ByteBuffer block = unpad(payload, flags);
        if ((flags & PRIORITY) != 0) {
          block.position(block.position() + 5);
        }
        headerBlock = new ByteArrayOutputStream();
        headerBlockStream = stream;
        headerBlockEndsStream = (flags & END_STREAM) != 0;
        headerFragment(block, flags);
      }
      case CONTINUATION -> {
        if (headerBlock == null || stream != headerBlockStream) {
          throw new IOException("CONTINUATION frame without a HEADERS frame");
        }
        headerFragment(payload, flags);
      }
      case RST_STREAM -> {
        if (s != null) {
          s.status = resetStatus(payload.getInt());
          s.ended = true;
        }
      }
      case SETTINGS -> {
        if ((flags & ACK) == 0) {
          settings(payload);
          frameHeader(0, SETTINGS, ACK, 0);
        }
      }
      case PING -> {
        if ((flags & ACK) == 0) {
          frameHeader(8, PING, ACK, 0);
          out.writeBytes(payload);
        }
      }
      case GOAWAY -> {
        goAwayLastStream = payload.getInt() & 0x7fffffff;
        if (current != null && current.id > goAwayLastStream) {
          current.status = Status.UNAVAILABLE.withDescription("the server is going away");
          current.ended = true;
        }
      }
      case WINDOW_UPDATE -> {
        int increment = payload.getInt() & 0x7fffffff;
        if (stream == 0) {
          connectionSendWindow += increment;
        } else if (s != null) {
          s.sendWindow += increment;
        }
      }
      case PUSH_PROMISE -> throw new IOException("the server pushed a stream, which was disabled");
      default -> { } // PRIORITY and unknown types carry nothing for this side
    }
  }

  private void headerFragment(ByteBuffer fragment, int flags) throws IOException {
    headerBlock.write(fragment.array(), fragment.arrayOffset() + fragment.position(),
        fragment.remaining());
    if ((flags & END_HEADERS) == 0) {
      return;
    }
    Http2Headers decoded;
    try {
      // every block goes through the decoder, so that its table stays in step with the server's
      decoded = decoder.decodeHeaders(headerBlockStream,
          Unpooled.wrappedBuffer(headerBlock.toByteArray()));
    } catch (Http2Exception e) {
      throw new IOException("cannot decode the server's headers: " + e.getMessage(), e);
    }
    headerBlock = null;
    Stream s = current;
    if (s == null || headerBlockStream != s.id) {
      return; // a stream given up earlier
    }
    if (s.headers == null && !headerBlockEndsStream) {
      s.headers = decoded;
    } else {
      s.trailers = decoded;
    }
    if (headerBlockEndsStream) {
      s.ended = true;
    }
  }

  /** Takes the server's settings; a new initial window also moves the open stream's window. */
  private void settings(ByteBuffer payload) {
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
          if (current != null) {
            current.sendWindow += window - peerInitialWindow;
          }
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
      Selector waiter = selector(op);
      key.interestOps(op);
      waiter.select(timeoutMillis);
    } catch (ClosedSelectorException | CancelledKeyException e) {
      throw new IOException("the connection was closed", e);
    }
    if (Thread.currentThread().isInterrupted()) {
      close();
      throw new ClosedByInterruptException();
    }
  }

  /** This connection's own selector, made at the first wait. */
  private synchronized Selector selector(int op) throws IOException {
    if (selector == null) {
      if (!channel.isOpen()) {
        throw new IOException("the connection was closed");
      }
      selector = Selector.open();
      key = channel.register(selector, op);
    }
    return selector;
  }

  /** Closes the socket; a call waiting on it fails at once. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      synchronized (this) {
        if (selector != null) {
          selector.close();
        }
      }
    }
  }
}
