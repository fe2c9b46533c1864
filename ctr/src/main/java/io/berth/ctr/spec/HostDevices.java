package io.berth.ctr.spec;

import io.berth.ctr.format.GoOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The device nodes under a directory, as containerd's {@code oci.HostDevices} lists {@code /dev}
 * for {@code --privileged}: entries in name order, subdirectories walked except {@code pts},
 * {@code shm}, {@code fd}, {@code mqueue} and a few container-manager ones, {@code console}
 * skipped, symbolic links, FIFOs and plain files left out.
 */
public final class HostDevices {

  /** One device node: {@code type} is {@code c} or {@code b}; {@code mode} the permission bits. */
  public record Device(String path, String type, long major, long minor, int mode, int uid, int gid) {}

  private static final Set<String> SKIPPED_DIRECTORIES = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");

  private HostDevices() {}

  /** The devices under {@code /dev}. */
  public static List<Device> host() throws IOException {
    return under(Path.of("/dev"));
  }

  /** The devices under {@code dir}, recursively. */
  public static List<Device> under(Path dir) throws IOException {
    List<Device> out = new ArrayList<>();
    walk(dir, out);
    return out;
  }

  private static void walk(Path dir, List<Device> out) throws IOException {
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = new ArrayList<>(s.toList());
    }
    entries.sort((a, b) -> GoOrder.STRINGS.compare(a.getFileName().toString(), b.getFileName().toString()));
    for (Path p : entries) {
      String name = p.getFileName().toString();
      Map<String, Object> attrs;
      try {
        attrs = Files.readAttributes(p, "unix:mode,rdev,uid,gid", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException gone) {
        continue;
      }
      int mode = (Integer) attrs.get("mode");
      int format = mode & 0170000;
      if (format == 0040000) {
        if (!SKIPPED_DIRECTORIES.contains(name)) {
          walk(p, out);
        }
        continue;
      }
      if (name.equals("console")) {
        continue;
      }
      String type =
          switch (format) {
            case 0060000 -> "b";
            case 0020000 -> "c";
            default -> null; // FIFOs, links and files are no devices here
          };
      if (type == null) {
        continue;
      }
      long rdev = (Long) attrs.get("rdev");
      out.add(new Device(p.toString(), type, major(rdev), minor(rdev), mode & 07777, (Integer) attrs.get("uid"), (Integer) attrs.get("gid")));
    }
  }

  /** glibc's {@code gnu_dev_major}. */
  static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
  }

  /** glibc's {@code gnu_dev_minor}. */
  static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
  }
}
