package io.berth.mount;

import io.berth.api.mounts.MountFlags;
import io.berth.api.mounts.MountOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Performs {@link Mount} descriptions with mount(2) and takes them down with umount2(2). This is
 * the one place in Berth that mounts: snapshotters only describe mounts.
 *
 * <p>Options are split as mount(8) does ({@link MountOptions}). Each propagation word causes a
 * further call on the target; a read-only bind causes a remount, since the kernel ignores {@code MS_RDONLY}
 * on the first bind call.
 *
 * <p>The kernel copies at most one page of mount data. An overlay whose options are longer than
 * that (many layers with long paths) is mounted with its {@code lowerdir} entries made relative to
 * their common parent directory, from a short-lived thread that has its own working directory
 * ({@code unshare(CLONE_FS)} then {@code chdir}); the rest of the process is not affected.
 */
public final class Mounter {

  private static final int BUSY_RETRIES = 10;
  private static final long BUSY_PAUSE_MILLIS = 50;
  private static final int MAX_STACKED = 4096;
  private static final String LOWERDIR = "lowerdir=";

  private final int pageSize;

  public Mounter() {
    long size = LibC.INSTANCE.sysconf(30); // _SC_PAGESIZE
    this.pageSize = size > 0 ? (int) size : 4096;
  }

  /** The largest mount data the kernel accepts, in bytes (one page, including the final NUL). */
  public int pageSize() {
    return pageSize;
  }

  /**
   * Mounts every entry in order on {@code target} (or on its {@link Mount#target()} below it). If
   * one fails, the ones already mounted are taken down again before the error is thrown.
   */
  public void mountAll(List<Mount> mounts, Path target) throws IOException {
    List<Path> done = new ArrayList<>();
    try {
      for (Mount m : mounts) {
        Path where = targetOf(m, target);
        mount(m, where);
        done.add(where);
      }
    } catch (IOException | RuntimeException e) {
      for (int i = done.size() - 1; i >= 0; i--) {
        try {
          unmount(done.get(i));
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Performs one mount on {@code target} exactly (its own {@code target} field is ignored). */
  public void mount(Mount m, Path target) throws IOException {
    if (m.type().startsWith("fuse.") || m.type().startsWith("fuse3.")) {
      throw new IOException("mount " + m.type() + ": FUSE mounts are not supported");
    }
    if (m.options().contains("loop")) {
      throw new IOException("mount " + m.source() + ": loop mounts are not supported");
    }
    String where = target.toAbsolutePath().toString();
    List<String> options = m.options();
    String chdir = null;
    MountOptions parsed = MountOptions.parse(options);
    if (m.type().equals("overlay") && dataSize(parsed.data()) > pageSize) {
      RelativeLowerdirs compact = RelativeLowerdirs.of(options);
      if (compact != null) {
        chdir = compact.directory();
        options = compact.options();
        parsed = MountOptions.parse(options);
      }
    }
    if (dataSize(parsed.data()) > pageSize) {
      throw new IOException("mount " + m.source() + " on " + where + ": options are "
          + dataSize(parsed.data()) + " bytes; the kernel takes at most " + pageSize);
    }
    long flags = parsed.flags();
    boolean mounted = false;
    try {
      if (!parsed.has(MountFlags.MS_REMOUNT) || !parsed.data().isEmpty()) {
        if (chdir == null) {
          Syscalls.mount(m.source(), where, m.type(), flags, parsed.data());
        } else {
          mountFrom(chdir, m.source(), where, m.type(), flags, parsed.data());
        }
        mounted = !parsed.has(MountFlags.MS_REMOUNT);
      }
      for (long change : parsed.propagation()) {
        Syscalls.mount(null, where, null, change, null);
      }
      if (parsed.has(MountFlags.MS_BIND | MountFlags.MS_RDONLY)
          && !parsed.has(MountFlags.MS_REMOUNT)) {
        Syscalls.mount(null, where, null, flags | MountFlags.MS_REMOUNT, null);
      }
    } catch (IOException | RuntimeException e) {
      if (mounted) {
        try {
          unmount(target);
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * Takes down the top mount on {@code target}. Nothing mounted there (or no such path) is not an
   * error. A busy mount is retried a few times, then detached (MNT_DETACH) as a last resort.
   */
  public void unmount(Path target) throws IOException {
    unmountOne(target.toAbsolutePath().toString());
  }

  /** Takes down every mount stacked on {@code target}, until nothing is mounted there. */
  public void unmountAll(Path target) throws IOException {
    String where = target.toAbsolutePath().toString();
    for (int i = 0; i < MAX_STACKED; i++) {
      if (!unmountOne(where)) {
        return;
      }
    }
    throw new IOException("umount " + where + ": still mounted after " + MAX_STACKED + " unmounts");
  }

  /** Returns false when nothing was mounted on {@code where}. */
  private static boolean unmountOne(String where) throws IOException {
    for (int attempt = 0; attempt < BUSY_RETRIES; attempt++) {
      try {
        Syscalls.umount2(where, 0);
        return true;
      } catch (SyscallException e) {
        switch (e.errno()) {
          case Errno.EINVAL, Errno.ENOENT -> {
            return false;
          }
          case Errno.EBUSY -> pause();
          default -> throw e;
        }
      }
    }
    try {
      Syscalls.umount2(where, Syscalls.MNT_DETACH);
      return true;
    } catch (SyscallException e) {
      if (e.errno() == Errno.EINVAL || e.errno() == Errno.ENOENT) {
        return false;
      }
      throw e;
    }
  }

  private static void pause() throws InterruptedIOException {
    try {
      Thread.sleep(BUSY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a busy mount");
    }
  }

  /**
   * mount(2) from {@code dir} as working directory, on a fresh platform thread that first gives
   * itself a private fs context, so that relative paths in {@code data} resolve against {@code dir}
   * without touching the working directory of any other thread.
   */
  private static void mountFrom(
      String dir, String source, String target, String type, long flags, String data)
      throws IOException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker = Thread.ofPlatform().name("berth-mount-in-dir").daemon().unstarted(() -> {
      try {
        Syscalls.unshareFs();
        Syscalls.chdir(dir);
        Syscalls.mount(source, target, type, flags, data);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    worker.start();
    boolean interrupted = false;
    while (true) {
      try {
        worker.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof IOException io) {
      throw new IOException(io.getMessage() + " (lowerdir relative to " + dir + ")", io);
    } else if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error err) {
      throw err;
    }
  }

  private static int dataSize(String data) {
    return data.getBytes(StandardCharsets.UTF_8).length + 1;
  }

  private static Path targetOf(Mount m, Path target) throws IOException {
    if (m.target().isEmpty()) {
      return target;
    }
    Path rel = Path.of(m.target().startsWith("/") ? m.target().substring(1) : m.target());
    Path resolved = target.resolve(rel).normalize();
    if (!resolved.startsWith(target.normalize())) {
      throw new IOException("mount target " + m.target() + " escapes " + target);
    }
    return resolved;
  }

  /** An overlay option list with its lowerdir entries relative to their common directory. */
  record RelativeLowerdirs(String directory, List<String> options) {

    /** Null when there is nothing to shorten (no lowerdir, a single one, or no common parent). */
    static RelativeLowerdirs of(List<String> options) {
      int index = -1;
      for (int i = 0; i < options.size(); i++) {
        if (options.get(i).startsWith(LOWERDIR)) {
          index = i;
          break;
        }
      }
      if (index < 0) {
        return null;
      }
      String[] dirs = options.get(index).substring(LOWERDIR.length()).split(":");
      String common = commonDirectory(dirs);
      if (common == null) {
        return null;
      }
      StringBuilder relative = new StringBuilder(LOWERDIR);
      for (int i = 0; i < dirs.length; i++) {
        if (i > 0) {
          relative.append(':');
        }
        relative.append(dirs[i], common.length() + 1, dirs[i].length());
      }
      List<String> out = new ArrayList<>(options);
      out.set(index, relative.toString());
      return new RelativeLowerdirs(common, List.copyOf(out));
    }

    /** The deepest directory (not "/") that every absolute path in {@code dirs} lies below. */
    static String commonDirectory(String[] dirs) {
      if (dirs.length < 2) {
        return null;
      }
      String common = null;
      for (String d : dirs) {
        if (!d.startsWith("/") || d.contains("/../") || d.endsWith("/..")) {
          return null;
        }
        int cut = d.lastIndexOf('/');
        String parent = d.substring(0, cut);
        if (common == null) {
          common = parent;
        } else {
          while (!common.isEmpty() && !(parent.equals(common) || parent.startsWith(common + "/"))) {
            common = common.substring(0, common.lastIndexOf('/'));
          }
        }
        if (common.isEmpty()) {
          return null;
        }
      }
      return common;
    }
  }
}
