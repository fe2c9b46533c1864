package io.berth.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the kernel's table of mounts ({@code /proc/self/mountinfo}). */
public final class MountTable {

  private static final Path SELF = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** The mounts of the calling process's mount namespace, in the kernel's order. */
  public static List<MountInfo> read() throws IOException {
    return parse(Files.readAllLines(SELF));
  }

  /** The mounts whose mount point is {@code dir} or lies under it. */
  public static List<MountInfo> under(Path dir) throws IOException {
    String prefix = dir.toAbsolutePath().normalize().toString();
    String withSlash = prefix.endsWith("/") ? prefix : prefix + "/";
    List<MountInfo> out = new ArrayList<>();
    for (MountInfo m : read()) {
      if (m.mountPoint().equals(prefix) || m.mountPoint().startsWith(withSlash)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Whether something is mounted exactly on {@code dir}. */
  public static boolean isMountPoint(Path dir) throws IOException {
    String path = dir.toAbsolutePath().normalize().toString();
    for (MountInfo m : read()) {
      if (m.mountPoint().equals(path)) {
        return true;
      }
    }
    return false;
  }

  static List<MountInfo> parse(List<String> lines) throws IOException {
    List<MountInfo> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      if (!line.isBlank()) {
        out.add(parseLine(line));
      }
    }
    return out;
  }

  static MountInfo parseLine(String line) throws IOException {
    String[] f = line.split(" ");
    int dash = Arrays.asList(f).indexOf("-");
    if (f.length < 10 || dash < 6 || f.length < dash + 4) {
      throw new IOException("malformed mountinfo line: " + line);
    }
    try {
      String[] dev = f[2].split(":");
      return new MountInfo(
          Integer.parseInt(f[0]),
          Integer.parseInt(f[1]),
          Integer.parseInt(dev[0]),
          Integer.parseInt(dev[1]),
          unescape(f[3]),
          unescape(f[4]),
          f[5],
          List.of(Arrays.copyOfRange(f, 6, dash)),
          unescape(f[dash + 1]),
          unescape(f[dash + 2]),
          unescape(f[dash + 3]));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      throw new IOException("malformed mountinfo line: " + line, e);
    }
  }

  /** Decodes the kernel's {@code \ooo} escapes of space, tab, newline and backslash. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2)
          && isOctal(s, i + 3)) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
  }
}
