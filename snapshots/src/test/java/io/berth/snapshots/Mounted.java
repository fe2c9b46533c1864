package io.berth.snapshots;

import io.berth.mount.Mount;
import io.berth.mount.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Mounts on a directory for the length of a try-with-resources block, then unmounts. */
final class Mounted implements AutoCloseable {

  private static final Mounter MOUNTER = new Mounter();

  private final Path target;

  private Mounted(Path target) {
    this.target = target;
  }

  static Mounted at(List<Mount> mounts, Path target) throws IOException {
    Files.createDirectories(target);
    MOUNTER.mountAll(mounts, target);
    return new Mounted(target);
  }

  Path path() {
    return target;
  }

  @Override
  public void close() throws IOException {
    MOUNTER.unmountAll(target);
  }

  static Mounter mounter() {
    return MOUNTER;
  }
}
