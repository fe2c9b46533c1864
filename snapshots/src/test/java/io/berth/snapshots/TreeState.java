package io.berth.snapshots;

import io.berth.snapshots.fs.FileCalls;
import io.berth.snapshots.fs.FileStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the suite compares about a tree, one line per entry below the root: type, all
 * permission bits, owner, and the content, link target or device number. Times are not compared
 * (overlayfs copy-up changes directory times).
 */
final class TreeState {

  private TreeState() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    collect(root, "", out);
    return out;
  }

  private static void collect(Path dir, String prefix, Map<String, String> out) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = prefix + "/" + p.getFileName();
        FileStat st = FileCalls.lstat(p);
        String owner = " " + Integer.toOctalString(st.permissions()) + " " + st.uid() + ":" + st.gid();
        switch (st.type()) {
          case FileStat.S_IFDIR -> {
            out.put(name, "dir" + owner);
            collect(p, name, out);
          }
          case FileStat.S_IFREG -> out.put(name, "file" + owner + " "
              + new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
          case FileStat.S_IFLNK -> out.put(name, "symlink" + owner + " -> " + Files.readSymbolicLink(p));
          default -> out.put(name, "special 0" + Integer.toOctalString(st.type()) + owner + " rdev "
              + st.rdev());
        }
      }
    }
  }
}
