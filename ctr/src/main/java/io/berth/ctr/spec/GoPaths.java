package io.berth.ctr.spec;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code path/filepath} Join, Clean and Abs on Unix, lexical only. */
public final class GoPaths {

  private GoPaths() {}

  /** {@code filepath.Join}: non-empty elements joined by {@code /}, then cleaned; "" if none. */
  public static String join(String... elements) {
    List<String> parts = new ArrayList<>();
    for (String e : elements) {
      if (!e.isEmpty()) {
        parts.add(e);
      }
    }
    return parts.isEmpty() ? "" : clean(String.join("/", parts));
  }

  /** {@code filepath.Abs}: {@code path} made absolute against {@code cwd}, then cleaned. */
  public static String abs(String path, String cwd) {
    return path.startsWith("/") ? clean(path) : join(cwd, path);
  }

  /** {@code filepath.Clean}: the shortest equivalent path, "." for an empty result. */
  public static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.getLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.add("..");
        }
        continue;
      }
      out.add(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }
}
