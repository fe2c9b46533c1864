package io.berth.mount;

import java.util.List;
import java.util.Objects;

/**
 * A description of one mount, as containerd's {@code containerd.types.Mount}: a filesystem type,
 * a source and mount(8)-style options. {@code target} is a path relative to the directory the
 * mounts are performed on; empty means that directory itself (all snapshotter mounts are so).
 */
public record Mount(String type, String source, String target, List<String> options) {

  public Mount {
    Objects.requireNonNull(type, "type");
    source = source == null ? "" : source;
    target = target == null ? "" : target;
    options = options == null ? List.of() : List.copyOf(options);
    for (String s : List.of(type, source, target)) {
      if (s.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("mount field contains a NUL byte: " + s);
      }
    }
    for (String o : options) {
      if (o.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("mount option contains a NUL byte: " + o);
      }
    }
  }

  /** A mount on the target directory itself. */
  public Mount(String type, String source, List<String> options) {
    this(type, source, "", options);
  }

  /** The mount command this describes, as {@code ctr snapshots mounts} prints it. */
  public String toCommand(String targetDir) {
    return "mount -t " + type + " " + source + " " + targetDir + " -o " + String.join(",", options);
  }
}
