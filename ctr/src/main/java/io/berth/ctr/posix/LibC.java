package io.berth.ctr.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few C library calls the CLI needs, bound one for one with the JDK's foreign function API:
 * each returns the call's result and the {@code errno} it left, nothing more. {@link Fifos} and
 * {@link Terminal} check the results.
 */
final class LibC {

  /** A call's return value and the errno captured right after it. */
  record Result(int value, int errno) {
    boolean failed() {
      return value < 0;
    }
  }

  static final int TCSANOW = 0;
  static final long TIOCGWINSZ = 0x5413;

  /** glibc's {@code struct termios} on Linux: 4 flag words, c_line, 32 control chars, 2 speeds. */
  static final long TERMIOS_SIZE = 60;

  static final long IFLAG = 0;
  static final long OFLAG = 4;
  static final long CFLAG = 8;
  static final long LFLAG = 12;
  static final long CC = 17;
  static final int VTIME = 5;
  static final int VMIN = 6;

  /** {@code struct winsize}: rows, columns, x and y pixels, each an unsigned short. */
  static final long WINSIZE_SIZE = 8;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

  private static final MethodHandle MKFIFO =
      bind("mkfifo", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), CAPTURE);
  private static final MethodHandle TCGETATTR =
      bind("tcgetattr", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), CAPTURE);
  private static final MethodHandle TCSETATTR =
      bind(
          "tcsetattr",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
          CAPTURE);
  private static final MethodHandle IOCTL =
      bind(
          "ioctl",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
          CAPTURE,
          Linker.Option.firstVariadicArg(2));

  private LibC() {}

  private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... options) {
    MemorySegment symbol =
        LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  /** {@code mkfifo(path, mode)}. */
  static Result mkfifo(String path, int mode) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int r = (int) MKFIFO.invokeExact(state, arena.allocateFrom(path), mode);
      return new Result(r, errno(state));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code tcgetattr(fd, termios)}; {@code termios} must hold {@link #TERMIOS_SIZE} bytes. */
  static Result tcgetattr(int fd, MemorySegment termios) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int r = (int) TCGETATTR.invokeExact(state, fd, termios);
      return new Result(r, errno(state));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code tcsetattr(fd, action, termios)}. */
  static Result tcsetattr(int fd, int action, MemorySegment termios) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int r = (int) TCSETATTR.invokeExact(state, fd, action, termios);
      return new Result(r, errno(state));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code ioctl(fd, request, arg)} with a pointer argument. */
  static Result ioctl(int fd, long request, MemorySegment arg) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int r = (int) IOCTL.invokeExact(state, fd, request, arg);
      return new Result(r, errno(state));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
