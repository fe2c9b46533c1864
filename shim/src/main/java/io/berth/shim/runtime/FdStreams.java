package io.berth.shim.runtime;

import io.berth.shim.sys.Errno;
import io.berth.shim.sys.SyscallException;
import io.berth.shim.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Blocking streams over a raw descriptor (a pty master the JDK cannot wrap). */
final class FdStreams {
    private FdStreams() {
    }

    /** A stream reading {@code fd}; closing it closes the descriptor when {@code owned}. */
    static InputStream input(int fd, boolean owned) {
        return new InputStream() {
            private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void close() {
                if (owned && closed.compareAndSet(false, true)) {
                    Syscalls.closeQuietly(fd);
                }
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                byte[] buf = off == 0 ? b : new byte[len];
                int n;
                try {
                    n = Syscalls.read(fd, buf, len);
                } catch (SyscallException e) {
                    if (e.errno() == Errno.EIO) {
                        return -1; // pty master: every slave closed
                    }
                    throw new IOException(e.getMessage(), e);
                }
                if (n == 0) {
                    return -1;
                }
                if (buf != b) {
                    System.arraycopy(buf, 0, b, off, n);
                }
                return n;
            }
        };
    }

    /** A stream writing {@code fd}; closing it closes the descriptor when {@code owned}. */
    static OutputStream output(int fd, boolean owned) {
        return new OutputStream() {
            private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void close() {
                if (owned && closed.compareAndSet(false, true)) {
                    Syscalls.closeQuietly(fd);
                }
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                byte[] buf = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
                try {
                    Syscalls.writeFully(fd, buf, len);
                } catch (SyscallException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
    }
}
