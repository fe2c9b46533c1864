package io.berth.ctr.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Named pipes: creating them, as containerd's {@code fifo.OpenFifo} does with {@code O_CREAT}. */
public final class Fifos {

  private Fifos() {}

  /**
   * Creates a FIFO at {@code path} with permission bits {@code mode} (less the umask); an existing
   * FIFO is fine.
   *
   * @throws IOException {@code error creating fifo <path>: <errno text>}, as Go words it
   */
  public static void create(Path path, int mode) throws IOException {
    LibC.Result r = LibC.mkfifo(path.toString(), mode);
    if (r.failed() && !(r.errno() == Errno.EEXIST && isFifo(path))) {
      throw new IOException("error creating fifo " + path + ": " + Errno.text(r.errno()));
    }
  }

  /** Whether {@code path} is a FIFO (not following a symbolic link). */
  public static boolean isFifo(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.isOther() && !a.isSymbolicLink() && (mode(path) & 0170000) == 0010000;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }
}
