package io.berth.bench.workloads.tasks;

import io.berth.bench.run.WorkloadFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The cgroups ctr's default spec puts a task in are {@code /<namespace>/<id>}; the runtime
 * removes the task's own, but the namespace's parent stays behind (containerd leaves it too).
 * The task workloads remove it once their namespace is empty.
 */
final class Cgroups {

  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private Cgroups() {}

  /** A runtime may remove a deleted task's cgroup a moment after the delete call returns. */
  private static final long RETRY_MILLIS = 5000;

  /**
   * Removes {@code /<namespace>} from every hierarchy (cgroup v1) or the unified tree (v2),
   * retrying for a while if it is still busy; fails if it stays busy (a process of a task that
   * should have been deleted still runs).
   */
  static void removeEmpty(String namespace) {
    long deadline = System.nanoTime() + RETRY_MILLIS * 1_000_000;
    while (true) {
      try {
        removeOnce(namespace);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new WorkloadFailure("cannot remove the cgroup /" + namespace + ": "
              + e.getMessage(), e);
        }
        TaskScope.sleep(100);
      }
    }
  }

  private static void removeOnce(String namespace) throws IOException {
    try (Stream<Path> hierarchies = Files.list(ROOT)) {
      for (Path h : Stream.concat(Stream.of(ROOT), hierarchies).toList()) {
        Path dir = h.resolve(namespace);
        if (Files.isDirectory(dir)) {
          Files.deleteIfExists(dir);
        }
      }
    }
  }
}
