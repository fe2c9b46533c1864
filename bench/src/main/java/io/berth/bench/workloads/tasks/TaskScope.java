package io.berth.bench.workloads.tasks;

import io.berth.api.client.Stubs;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.api.services.tasks.v1.DeleteTaskRequest;
import io.berth.api.services.tasks.v1.GetRequest;
import io.berth.api.services.tasks.v1.KillRequest;
import io.berth.api.services.tasks.v1.ListTasksRequest;
import io.berth.api.types.task.Process;
import io.berth.api.types.task.Status;
import io.berth.bench.run.Clients;
import io.berth.bench.run.WorkloadFailure;
import io.berth.bench.targets.Processes;
import io.berth.bench.targets.RemoteTarget;
import io.berth.bench.workloads.BusyboxRootfs;
import io.berth.bench.workloads.Session;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one repetition of a task workload works in: a namespace of its own on one daemon (its name
 * holds this JVM's pid, since containerd's runc keeps state per namespace machine-wide), a
 * busybox rootfs for {@code ctr run --rootfs}, and {@code ctr} for that namespace. {@link
 * #close()} removes everything the repetition made, whether it succeeded or not: tasks are
 * killed and deleted, containers and the namespace deleted (through the gRPC API, so a failing
 * ctr cannot stop the clean-up), the namespace's empty cgroups removed, and the rootfs deleted.
 */
final class TaskScope implements AutoCloseable {

  private static final Path BASE = Path.of("/var/tmp/berth-bench");
  private static final Path RUNC_STATE = Path.of("/run/containerd/runc");
  private static final Duration STOP_LIMIT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_GRACE = Duration.ofSeconds(10);
  private static final long DEADLINE_SECONDS = 120;

  private final RemoteTarget target;
  private final String namespace;
  private final Path dir;
  private final Ctr ctr;

  private TaskScope(RemoteTarget target, String namespace, Path dir) {
    this.target = target;
    this.namespace = namespace;
    this.dir = dir;
    this.ctr = new Ctr(target.daemon().socket(), namespace, dir);
  }

  static TaskScope open(RemoteTarget target, Session session) {
    String ns = session.freshNamespace(ProcessHandle.current().pid() + "-tasks");
    Path dir = null;
    try {
      dir = Files.createTempDirectory(Files.createDirectories(BASE), "tasks-");
      BusyboxRootfs.fill(dir.resolve("rootfs"));
      return new TaskScope(target, ns, dir);
    } catch (IOException | RuntimeException e) {
      if (dir != null) {
        deleteTree(dir);
      }
      throw new WorkloadFailure("cannot make a busybox rootfs: " + e.getMessage(), e);
    }
  }

  Ctr ctr() {
    return ctr;
  }

  String rootfs() {
    return dir.resolve("rootfs").toString();
  }

  String namespace() {
    return namespace;
  }

  RemoteTarget target() {
    return target;
  }

  /** The namespace's tasks (their init processes), as the daemon lists them. */
  List<Process> tasks() {
    return stubs(0).tasks().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .list(ListTasksRequest.getDefaultInstance()).getTasksList();
  }

  private Stubs stubs(int client) {
    return target.client(client).withNamespace(namespace);
  }

  /** Kills and deletes every task, deletes containers, namespace, cgroups and rootfs. */
  @Override
  public void close() {
    List<String> problems = new ArrayList<>();
    try {
      Set<String> ids = new TreeSet<>();
      tasks().forEach(p -> ids.add(containerId(p)));
      List<Container> containers = stubs(0).containers()
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .list(ListContainersRequest.getDefaultInstance()).getContainersList();
      containers.forEach(c -> ids.add(c.getId()));
      List<String> all = List.copyOf(ids);
      Clients.forEach(Math.min(target.maxClients(), Math.max(1, all.size())), all,
          this::removeTaskAndContainer);
      ignoring(() -> target.client(0).stubs().namespaces()
          .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .delete(DeleteNamespaceRequest.newBuilder().setName(namespace).build()),
          Code.NOT_FOUND);
    } catch (RuntimeException e) {
      problems.add("cleaning namespace " + namespace + " on " + target.name() + ": " + e);
    }
    try {
      killOrphanShims();
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
    try {
      Cgroups.removeEmpty(namespace);
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
    try {
      // containerd's runc keeps a state root per namespace, machine-wide, and leaves it empty
      Files.deleteIfExists(RUNC_STATE.resolve(namespace));
    } catch (IOException e) {
      problems.add("cannot remove " + RUNC_STATE.resolve(namespace) + ": " + e);
    }
    try {
      deleteTree(dir);
    } catch (RuntimeException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new WorkloadFailure(String.join("; ", problems));
    }
  }

  /**
   * Shims of this namespace still running once its tasks are deleted: a daemon that gave up on
   * a slow shim start may leave the shim it launched behind. They get a while to exit on their
   * own, then are killed (by pid) and reported on stderr.
   */
  private void killOrphanShims() {
    long deadline = System.nanoTime() + ORPHAN_GRACE.toNanos();
    List<Long> left = orphanShims();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      sleep(200);
      left = orphanShims();
    }
    for (long pid : left) {
      System.err.println("bench: killing shim " + pid + " of " + target.name()
          + " left running after namespace " + namespace + " was emptied");
      ProcessHandle.of(pid).ifPresent(h -> {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
      });
    }
  }

  private List<Long> orphanShims() {
    return target.daemon().shimPids().stream()
        .filter(pid -> Processes.argv(pid).contains(namespace)).toList();
  }

  /**
   * The container a listed task belongs to: containerd 1.6 lists tasks with the container's id
   * in {@code id} and leaves {@code container_id} empty.
   */
  static String containerId(Process p) {
    return p.getContainerId().isEmpty() ? p.getId() : p.getContainerId();
  }

  /** Kills the container's task (if any), waits until it stopped, deletes it and the container. */
  private void removeTaskAndContainer(int client, String id) {
    ignoring(() -> stubs(client).tasks().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .kill(KillRequest.newBuilder().setContainerId(id).setSignal(9).setAll(true).build()),
        Code.NOT_FOUND, Code.FAILED_PRECONDITION);
    deleteTask(client, id);
    ignoring(() -> stubs(client).containers().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .delete(DeleteContainerRequest.newBuilder().setId(id).build()), Code.NOT_FOUND);
  }

  /** Waits (bounded) until the task has stopped, then deletes it. */
  private void deleteTask(int client, String id) {
    long deadline = System.nanoTime() + STOP_LIMIT.toNanos();
    while (true) {
      Process p;
      try {
        p = stubs(client).tasks().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .get(GetRequest.newBuilder().setContainerId(id).build()).getProcess();
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Code.NOT_FOUND) {
          return;
        }
        throw e;
      }
      if (p.getStatus() == Status.STOPPED || p.getStatus() == Status.CREATED) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new WorkloadFailure("task " + id + " did not stop within " + STOP_LIMIT
            + " of SIGKILL (status " + p.getStatus() + ")");
      }
      sleep(20);
    }
    ignoring(() -> stubs(client).tasks().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .delete(DeleteTaskRequest.newBuilder().setContainerId(id).build()), Code.NOT_FOUND);
  }

  private static void ignoring(Runnable call, Code... codes) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      if (!List.of(codes).contains(e.getStatus().getCode())) {
        throw e;
      }
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkloadFailure("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
