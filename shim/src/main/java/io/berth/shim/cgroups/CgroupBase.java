package io.berth.shim.cgroups;

import io.berth.api.errors.BerthException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What v1 and v2 cgroups share: signalling every process, removal, directory walks. */
abstract sealed class CgroupBase implements Cgroup permits V1Cgroup, V2Cgroup {

  static final System.Logger LOG = System.getLogger("io.berth.shim.cgroups");

  static final int SIGKILL = 9;

  /** How long freeze, thaw and removal wait for the kernel before giving up. */
  static final long WAIT_MILLIS = 5_000;

  final CgroupPath cgroupPath;
  final String name;

  CgroupBase(CgroupPath cgroupPath) {
    this.cgroupPath = cgroupPath;
    this.name = cgroupPath.toString();
  }

  /** The cgroup's directory in each hierarchy it uses (existing or not). */
  abstract List<Path> directories();

  /** Whether this cgroup can be frozen on this host. */
  abstract boolean canFreeze();

  @Override
  public final String path() {
    return name;
  }

  @Override
  public final List<Long> pids() {
    TreeSet<Long> all = new TreeSet<>();
    for (Path dir : directories()) {
      for (Path d : tree(dir)) {
        all.addAll(ControlFiles.readPids(name, d));
      }
    }
    return List.copyOf(all);
  }

  @Override
  public final synchronized void killAll(int signal) {
    if (signal <= 0 || signal > 64) {
      throw new io.berth.api.errors.InvalidArgumentException("signal " + signal + " is out of range");
    }
    boolean freezing = canFreeze() && exists();
    boolean wasFrozen = freezing && frozen();
    if (freezing && !wasFrozen) {
      try {
        freeze();
      } catch (BerthException e) {
        LOG.log(Level.WARNING, "cgroup {0}: signalling without freezing: {1}", name, e.getMessage());
      }
    }
    try {
      for (long pid : pids()) {
        CgroupNative.kill(pid, signal);
      }
    } finally {
      if (freezing && (!wasFrozen || signal == SIGKILL)) {
        thaw();
      }
    }
  }

  @Override
  public final synchronized void destroy() {
    List<Path> existing = directories().stream().filter(Files::isDirectory).toList();
    if (existing.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    long nextKill = 0;
    while (!pids().isEmpty() && System.nanoTime() < deadline) {
      if (System.nanoTime() >= nextKill) {
        killAll(SIGKILL);
        nextKill = System.nanoTime() + 200_000_000L;
      }
      pause(5);
    }
    // Removal gets its own bounded wait: exiting processes leave the cgroup asynchronously.
    long removalDeadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    for (Path dir : existing) {
      removeTree(dir, removalDeadline);
    }
  }

  /** True if the cgroup's directory exists in at least one hierarchy. */
  final boolean exists() {
    return directories().stream().anyMatch(Files::isDirectory);
  }

  /** Removes child cgroups first, then {@code dir}, retrying while the kernel says EBUSY. */
  private void removeTree(Path dir, long deadline) {
    List<Path> dirs = tree(dir);
    for (int i = dirs.size() - 1; i >= 0; i--) {
      Path d = dirs.get(i);
      while (true) {
        try {
          Files.deleteIfExists(d);
          break;
        } catch (FileSystemException e) {
          if (System.nanoTime() >= deadline) {
            throw new UnknownException(
                "cgroup " + ControlFiles.quote(name) + ": remove " + d + ": "
                    + ControlFiles.reason(e) + " (processes left: "
                    + ControlFiles.readPids(name, d) + ")",
                e);
          }
          pause(10);
        } catch (IOException e) {
          throw new UnknownException(
              "cgroup " + ControlFiles.quote(name) + ": remove " + d + ": "
                  + ControlFiles.reason(e),
              e);
        }
      }
    }
  }

  /** {@code dir} and every cgroup below it, parents before children; empty if it is gone. */
  static List<Path> tree(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    out.add(dir);
    for (int i = 0; i < out.size(); i++) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(out.get(i), Files::isDirectory)) {
        for (Path c : children) {
          out.add(c);
        }
      } catch (NoSuchFileException e) {
        // removed meanwhile
      } catch (IOException e) {
        throw new UnknownException("list cgroup directory " + out.get(i) + ": " + ControlFiles.reason(e), e);
      }
    }
    return out;
  }

  /**
   * Creates {@code dir} and its missing parents below {@code top}, calling {@code onCreate} for
   * each directory made, parents first. Returns true if {@code dir} itself was made.
   */
  static boolean makeDirectories(String name, Path top, Path dir, DirectoryHook onCreate) {
    if (!dir.startsWith(top) || dir.equals(top)) {
      throw new IllegalStateException(dir + " is not below " + top);
    }
    Path relative = top.relativize(dir);
    Path current = top;
    boolean made = false;
    for (Path part : relative) {
      Path parent = current;
      current = current.resolve(part.toString());
      made = false;
      if (Files.isDirectory(current)) {
        continue;
      }
      try {
        Files.createDirectory(current);
        made = true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        continue;
      } catch (NoSuchFileException e) {
        throw new NotFoundException("cgroup parent " + parent, e);
      } catch (IOException e) {
        throw new UnknownException(
            "cgroup " + ControlFiles.quote(name) + ": mkdir " + current + ": "
                + ControlFiles.reason(e),
            e);
      }
      onCreate.created(parent, current);
    }
    return made;
  }

  /** Called after a cgroup directory is made, with its parent. */
  @FunctionalInterface
  interface DirectoryHook {
    void created(Path parent, Path dir);
  }

  /** Waits up to {@link #WAIT_MILLIS} for {@code done}; returns its last answer. */
  static boolean await(java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    long sleep = 1;
    while (true) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return done.getAsBoolean();
      }
      pause(sleep);
      sleep = Math.min(sleep * 2, 20);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new io.berth.api.errors.CanceledException("interrupted while waiting for a cgroup", e);
    }
  }
}
