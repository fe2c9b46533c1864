package io.berth.ctr.posix;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The terminal the process runs on, as containerd's {@code console.Current()} finds it: the first
 * of standard error, output and input that is a terminal. It can be put in raw mode (the settings
 * of {@code console.SetRaw}: no echo, no line editing, no signals from keys, output processing
 * kept) and back, and reports its size.
 */
public final class Terminal {

  /** A terminal's size in character cells. */
  public record Size(int width, int height) {}

  // glibc's flag bits (octal, as in <termios.h>)
  private static final int IGNBRK = 01, BRKINT = 02, PARMRK = 010, ISTRIP = 040, INLCR = 0100,
      IGNCR = 0200, ICRNL = 0400, IXON = 02000;
  private static final int OPOST = 01;
  private static final int ISIG = 01, ICANON = 02, ECHO = 010, ECHONL = 0100, IEXTEN = 0100000;
  private static final int CSIZE = 060, PARENB = 0400, CS8 = 060;

  private final int fd;
  private final FileDescriptor descriptor;
  private byte[] original;

  private Terminal(int fd, FileDescriptor descriptor) {
    this.fd = fd;
    this.descriptor = descriptor;
  }

  /** The process's terminal, if standard error, output or input is one. */
  public static Optional<Terminal> current() {
    FileDescriptor[] descriptors = {FileDescriptor.err, FileDescriptor.out, FileDescriptor.in};
    int[] fds = {2, 1, 0};
    for (int i = 0; i < fds.length; i++) {
      if (isTerminal(fds[i])) {
        return Optional.of(new Terminal(fds[i], descriptors[i]));
      }
    }
    return Optional.empty();
  }

  /** Whether file descriptor {@code fd} is a terminal. */
  public static boolean isTerminal(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      return !LibC.tcgetattr(fd, arena.allocate(LibC.TERMIOS_SIZE)).failed();
    }
  }

  /** Puts the terminal in raw mode, remembering the settings {@link #reset()} restores. */
  public synchronized void setRaw() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment t = arena.allocate(LibC.TERMIOS_SIZE);
      check(LibC.tcgetattr(fd, t), "tcgetattr");
      original = t.toArray(ValueLayout.JAVA_BYTE);
      and(t, LibC.IFLAG, ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON));
      and(t, LibC.LFLAG, ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN));
      and(t, LibC.CFLAG, ~(CSIZE | PARENB));
      or(t, LibC.CFLAG, CS8);
      or(t, LibC.OFLAG, OPOST);
      t.set(ValueLayout.JAVA_BYTE, LibC.CC + LibC.VMIN, (byte) 1);
      t.set(ValueLayout.JAVA_BYTE, LibC.CC + LibC.VTIME, (byte) 0);
      check(LibC.tcsetattr(fd, LibC.TCSANOW, t), "tcsetattr");
    }
  }

  /** Restores the settings {@link #setRaw()} found; does nothing if it was never called. */
  public synchronized void reset() throws IOException {
    if (original == null) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment t = arena.allocate(LibC.TERMIOS_SIZE);
      MemorySegment.copy(MemorySegment.ofArray(original), 0, t, 0, LibC.TERMIOS_SIZE);
      check(LibC.tcsetattr(fd, LibC.TCSANOW, t), "tcsetattr");
    }
  }

  /** The terminal's current size. */
  public Size size() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ws = arena.allocate(LibC.WINSIZE_SIZE);
      check(LibC.ioctl(fd, LibC.TIOCGWINSZ, ws), "ioctl");
      int rows = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0));
      int cols = Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2));
      return new Size(cols, rows);
    }
  }

  /** What the user types. */
  public InputStream input() {
    return new FileInputStream(descriptor);
  }

  /** Where the task's output goes. */
  public OutputStream output() {
    return new FileOutputStream(descriptor);
  }

  private static void and(MemorySegment t, long offset, int mask) {
    t.set(ValueLayout.JAVA_INT, offset, t.get(ValueLayout.JAVA_INT, offset) & mask);
  }

  private static void or(MemorySegment t, long offset, int bits) {
    t.set(ValueLayout.JAVA_INT, offset, t.get(ValueLayout.JAVA_INT, offset) | bits);
  }

  private static void check(LibC.Result r, String call) throws IOException {
    if (r.failed()) {
      throw new IOException(call + ": " + Errno.text(r.errno()));
    }
  }
}
