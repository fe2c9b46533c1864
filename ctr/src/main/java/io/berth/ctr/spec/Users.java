package io.berth.ctr.spec;

import io.berth.api.errors.UnknownException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * containerd's {@code oci.WithUser} for a container with a root filesystem directory: {@code
 * uid}, {@code uid:gid}, {@code name} or {@code name:group}, numbers taken as they are and names
 * looked up in the rootfs' {@code /etc/passwd} and {@code /etc/group}. A bare uid takes its gid
 * from {@code /etc/passwd}, or 0 when it is not listed.
 */
public final class Users {

  /** The ids a user string resolves to. */
  public record Ids(long uid, long gid) {}

  private record Entry(String name, long id, long gid) {}

  private static final long MAX_ID = Integer.MAX_VALUE;

  private Users() {}

  /**
   * Resolves {@code user} against the root filesystem at {@code rootfs} (an absolute path).
   *
   * @throws UnknownException as the Go client words its errors ({@code no users found}, {@code
   *     invalid USER value ...}, ...)
   */
  public static Ids resolve(String user, String rootfs) {
    String[] parts = user.split(":", -1);
    try {
      switch (parts.length) {
        case 1 -> {
          Long uid = id(parts[0]);
          if (uid == null) {
            Entry e = find(rootfs, "/etc/passwd", u -> u.name().equals(user), "no users found");
            return new Ids(e.id(), e.gid());
          }
          requireAbsolute(rootfs);
          try {
            Entry e = find(rootfs, "/etc/passwd", u -> u.id() == uid, "no users found");
            return new Ids(e.id(), e.gid());
          } catch (NoSuchFileException | UnknownException notListed) {
            return new Ids(uid, 0);
          }
        }
        case 2 -> {
          Long uid = id(parts[0]);
          Long gid = id(parts[1]);
          if (uid != null && gid != null) {
            return new Ids(uid, gid);
          }
          long u = uid != null ? uid : find(rootfs, "/etc/passwd", e -> e.name().equals(parts[0]), "no users found").id();
          long g = gid != null ? gid : find(rootfs, "/etc/group", e -> e.name().equals(parts[1]), "no groups found").id();
          return new Ids(u, g);
        }
        default -> throw new UnknownException("invalid USER value " + user);
      }
    } catch (NoSuchFileException e) {
      throw new UnknownException("open " + e.getFile() + ": no such file or directory", e);
    } catch (IOException e) {
      throw new UnknownException(e.getMessage(), e);
    }
  }

  // Go's strconv.Atoi within [0, MaxInt32], or null when the text is a name
  private static Long id(String s) {
    if (!s.matches("[+-]?[0-9]{1,18}")) {
      return null;
    }
    long v = Long.parseLong(s);
    return v < 0 || v > MAX_ID ? null : v;
  }

  private static void requireAbsolute(String rootfs) {
    if (!rootfs.startsWith("/")) {
      throw new UnknownException("rootfs absolute path is required");
    }
  }

  private static Entry find(String rootfs, String file, Predicate<Entry> filter, String none) throws IOException {
    requireAbsolute(rootfs);
    Path path = inRoot(Path.of(rootfs), file);
    List<String> lines = Files.readAllLines(path);
    for (String line : lines) {
      Entry e = parse(line, file.endsWith("passwd"));
      if (e != null && filter.test(e)) {
        return e;
      }
    }
    throw new UnknownException(none);
  }

  // passwd: name:password:uid:gid:...; group: name:password:gid:members
  private static Entry parse(String line, boolean passwd) {
    String l = line.strip();
    if (l.isEmpty() || l.startsWith("#")) {
      return null;
    }
    String[] f = l.split(":", -1);
    try {
      if (passwd) {
        return f.length < 4 ? null : new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]));
      }
      return f.length < 3 ? null : new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[2]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * {@code fs.RootPath}: {@code file} inside {@code root}, symbolic links resolved as if {@code
   * root} were {@code /}, so the result never leaves it.
   */
  static Path inRoot(Path root, String file) throws IOException {
    Path current = root;
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(file.split("/")));
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        current = current.equals(root) ? root : current.getParent();
        continue;
      }
      Path next = current.resolve(part);
      if (Files.isSymbolicLink(next)) {
        if (++links > 255) {
          throw new IOException("too many links in " + file);
        }
        String target = Files.readSymbolicLink(next).toString();
        List<String> rest = new java.util.ArrayList<>(List.of(target.split("/")));
        rest.addAll(todo);
        todo.clear();
        todo.addAll(rest);
        if (target.startsWith("/")) {
          current = root;
        }
        continue;
      }
      current = next;
    }
    return current;
  }
}
