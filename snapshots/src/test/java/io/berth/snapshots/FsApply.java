package io.berth.snapshots;

import io.berth.snapshots.fs.FileCalls;
import io.berth.snapshots.fs.TreeDeleter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** A change to a file tree, applied the same way to a mounted snapshot and to a plain directory. */
@FunctionalInterface
interface FsApply {

  void apply(Path root) throws IOException;

  static FsApply all(FsApply... steps) {
    List<FsApply> list = List.of(steps);
    return root -> {
      for (FsApply step : list) {
        step.apply(root);
      }
    };
  }

  static FsApply createFile(String path, String content, int mode) {
    return root -> {
      Path p = resolve(root, path);
      Files.deleteIfExists(p);
      Files.write(p, content.getBytes(StandardCharsets.UTF_8));
      FileCalls.chmod(p, mode);
    };
  }

  static FsApply createDir(String path, int mode) {
    return root -> {
      Path p = resolve(root, path);
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(p);
      }
      FileCalls.chmod(p, mode);
    };
  }

  static FsApply removeAll(String path) {
    return root -> TreeDeleter.delete(resolve(root, path));
  }

  static FsApply chown(String path, int uid, int gid) {
    return root -> FileCalls.lchown(resolve(root, path), uid, gid);
  }

  static FsApply link(String existing, String newLink) {
    return root -> Files.createLink(resolve(root, newLink), resolve(root, existing));
  }

  static FsApply symlink(String target, String link) {
    return root -> Files.createSymbolicLink(resolve(root, link), Path.of(target));
  }

  static FsApply rename(String from, String to) {
    return root -> Files.move(resolve(root, from), resolve(root, to),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static FsApply mknod(String path, int mode, long rdev) {
    return root -> FileCalls.mknod(resolve(root, path), mode, rdev);
  }

  static FsApply xattr(String path, String name, String value) {
    return root -> FileCalls.setXattr(resolve(root, path), name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Path resolve(Path root, String path) {
    String rel = path.startsWith("/") ? path.substring(1) : path;
    return root.resolve(rel);
  }
}
