package io.berth.mount;

import java.util.List;

/**
 * One line of {@code /proc/<pid>/mountinfo} (proc(5)), with the octal escapes of paths decoded.
 *
 * @param id the mount id
 * @param parent the parent mount id
 * @param major major device number of the filesystem
 * @param minor minor device number of the filesystem
 * @param root the directory of the filesystem mounted here (not "/" for bind mounts of a subdir)
 * @param mountPoint where it is mounted, relative to the reader's root
 * @param options per-mount options (ro, nosuid, ...)
 * @param optionalFields tagged fields such as {@code shared:1} or {@code master:2}
 * @param fsType filesystem type, e.g. {@code overlay}
 * @param source the mount source, e.g. {@code /dev/vda} or {@code overlay}
 * @param superOptions per-superblock options, e.g. {@code lowerdir=...}
 */
public record MountInfo(
    int id,
    int parent,
    int major,
    int minor,
    String root,
    String mountPoint,
    String options,
    List<String> optionalFields,
    String fsType,
    String source,
    String superOptions) {

  public MountInfo {
    optionalFields = List.copyOf(optionalFields);
  }
}
