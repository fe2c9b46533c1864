package io.berth.shim.cgroups;

import java.util.ArrayList;
import java.util.List;

/** The cgroup and cgroup2 entries of a /proc/PID/mountinfo text. */
final class MountInfo {

  /** One cgroup mount: its filesystem type, mount root, mountpoint and super options. */
  record Entry(String fsType, String root, String mountpoint, List<String> superOptions) {}

  private MountInfo() {}

  /**
   * Parses mountinfo lines ({@code id parent maj:min root mountpoint opts [optional...] - fstype
   * source superopts}) and keeps those of type cgroup and cgroup2. Octal escapes are decoded.
   */
  static List<Entry> cgroupMounts(String text) {
    List<Entry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.trim().split(" ");
      int dash = -1;
      for (int i = 6; i < fields.length; i++) {
        if (fields[i].equals("-")) {
          dash = i;
          break;
        }
      }
      if (dash < 0 || fields.length < dash + 3) {
        continue;
      }
      String fsType = fields[dash + 1];
      if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
        continue;
      }
      String superOptions = fields.length > dash + 3 ? fields[dash + 3] : "";
      out.add(
          new Entry(
              fsType,
              unescape(fields[3]),
              unescape(fields[4]),
              List.of(superOptions.split(","))));
    }
    return out;
  }

  /** Decodes the kernel's {@code \ooo} octal escapes (space, tab, newline, backslash). */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1)) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isOctal(String s, int from) {
    if (from + 3 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
