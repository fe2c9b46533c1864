package io.berth.snapshots.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import io.berth.mount.Errno;
import io.berth.mount.SyscallException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The checked facade over {@link LibC}: typed arguments, errors as {@link SyscallException}. */
public final class FileCalls {

  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final StatLayout LAYOUT = StatLayout.current();

  private FileCalls() {}

  /** lstat(2): never follows a final symbolic link. */
  public static FileStat lstat(Path path) throws SyscallException {
    String p = path.toString();
    try (Memory buf = new Memory(LAYOUT.size())) {
      LibC.INSTANCE.lstat(p, buf);
      return LAYOUT.read(buf);
    } catch (LastErrorException e) {
      throw failure("lstat " + p, e);
    }
  }

  public static void lchown(Path path, int uid, int gid) throws SyscallException {
    try {
      LibC.INSTANCE.lchown(path.toString(), uid, gid);
    } catch (LastErrorException e) {
      throw failure("lchown " + path, e);
    }
  }

  /** chmod(2) with all twelve permission bits (setuid, setgid, sticky included). */
  public static void chmod(Path path, int mode) throws SyscallException {
    try {
      LibC.INSTANCE.chmod(path.toString(), mode & 07777);
    } catch (LastErrorException e) {
      throw failure("chmod " + path, e);
    }
  }

  public static void mknod(Path path, int mode, long rdev) throws SyscallException {
    try {
      LibC.INSTANCE.mknod(path.toString(), mode, rdev);
    } catch (LastErrorException e) {
      throw failure("mknod " + path, e);
    }
  }

  /** Sets access and modification times without following a final symbolic link. */
  public static void setTimes(Path path, long atimeSeconds, long atimeNanos, long mtimeSeconds,
      long mtimeNanos) throws SyscallException {
    long[] times = {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos};
    try {
      LibC.INSTANCE.utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure("utimensat " + path, e);
    }
  }

  /** The names of the extended attributes of {@code path} itself (not of a link's target). */
  public static List<String> listXattrs(Path path) throws SyscallException {
    String p = path.toString();
    try {
      while (true) {
        long size = LibC.INSTANCE.llistxattr(p, null, 0);
        if (size == 0) {
          return List.of();
        }
        byte[] buf = new byte[(int) size];
        try {
          long got = LibC.INSTANCE.llistxattr(p, buf, buf.length);
          List<String> names = new ArrayList<>();
          int start = 0;
          for (int i = 0; i < got; i++) {
            if (buf[i] == 0) {
              if (i > start) {
                names.add(new String(buf, start, i - start, StandardCharsets.UTF_8));
              }
              start = i + 1;
            }
          }
          return names;
        } catch (LastErrorException e) {
          if (e.getErrorCode() != Errno.ERANGE) {
            throw e; // ERANGE: the list grew between the two calls; ask again
          }
        }
      }
    } catch (LastErrorException e) {
      throw failure("llistxattr " + p, e);
    }
  }

  public static byte[] getXattr(Path path, String name) throws SyscallException {
    String p = path.toString();
    try {
      while (true) {
        long size = LibC.INSTANCE.lgetxattr(p, name, null, 0);
        byte[] buf = new byte[(int) size];
        try {
          long got = size == 0 ? 0 : LibC.INSTANCE.lgetxattr(p, name, buf, buf.length);
          return got == buf.length ? buf : Arrays.copyOf(buf, (int) got);
        } catch (LastErrorException e) {
          if (e.getErrorCode() != Errno.ERANGE) {
            throw e;
          }
        }
      }
    } catch (LastErrorException e) {
      throw failure("lgetxattr " + p + " " + name, e);
    }
  }

  public static void setXattr(Path path, String name, byte[] value) throws SyscallException {
    try {
      LibC.INSTANCE.lsetxattr(path.toString(), name, value, value.length, 0);
    } catch (LastErrorException e) {
      throw failure("lsetxattr " + path + " " + name, e);
    }
  }

  private static SyscallException failure(String call, LastErrorException e) {
    int errno = e.getErrorCode();
    String text;
    try {
      text = LibC.INSTANCE.strerror(errno);
    } catch (RuntimeException | Error ignored) {
      text = "";
    }
    return new SyscallException(call, errno, text);
  }

  /** Where the fields of {@code struct stat} lie on this architecture. */
  private record StatLayout(
      int size, int mode, int nlink, boolean nlinkIs64, int uid, int gid, int rdev) {

    static StatLayout current() {
      if (Platform.isIntel() && Platform.is64Bit()) {
        return new StatLayout(144, 24, 16, true, 28, 32, 40);
      }
      if (Platform.isARM() && Platform.is64Bit()) {
        return new StatLayout(128, 16, 20, false, 24, 28, 32);
      }
      throw new UnsupportedOperationException(
          "struct stat layout not known for " + Platform.ARCH + " (x86-64 and aarch64 are)");
    }

    FileStat read(Memory m) {
      return new FileStat(
          m.getLong(0),
          m.getLong(8),
          m.getInt(mode),
          nlinkIs64 ? m.getLong(nlink) : Integer.toUnsignedLong(m.getInt(nlink)),
          m.getInt(uid),
          m.getInt(gid),
          m.getLong(rdev),
          m.getLong(48),
          m.getLong(64),
          m.getLong(72),
          m.getLong(80),
          m.getLong(88),
          m.getLong(96));
    }
  }
}
