package io.berth.tasks;

import com.google.protobuf.Any;
import java.util.List;
import java.util.Map;

/**
 * containerd's Tasks service in process: one task per container, run by its own berth-shim.
 * Every method takes the namespace explicitly. Errors are Berth errors with containerd's texts:
 * NotFound {@code container "<id>" in namespace "<ns>"} when the container does not exist,
 * NotFound {@code task <id> not found} when it has no task, and the shim's own errors otherwise
 * (state-machine errors such as {@code cannot delete a running process} are plain, UNKNOWN).
 */
public interface TaskManager extends AutoCloseable {

    /** Creates the task of a container: bundle, rootfs mounts, shim, init process (not started). Returns its pid. */
    long create(String namespace, NewTask task);

    /** Starts the init process (empty exec id) or an exec'd process; returns its pid. */
    long start(String namespace, String containerId, String execId);

    /** Deletes a stopped task, its shim and its bundle. */
    ExitResult delete(String namespace, String containerId);

    /** Deletes an exec'd process that has stopped or never started. */
    ExitResult deleteProcess(String namespace, String containerId, String execId);

    ProcessStatus get(String namespace, String containerId, String execId);

    /** The init processes of the namespace's tasks. */
    List<ProcessStatus> list(String namespace);

    void kill(String namespace, String containerId, String execId, int signal, boolean all);

    /** Adds an exec'd process; {@code spec} is the OCI Process (JSON Any). Started by {@link #start}. */
    void exec(String namespace, String containerId, String execId, TaskIo io, Any spec);

    void resizePty(String namespace, String containerId, String execId, int width, int height);

    /** Closes the process's stdin once the client's input has been consumed. */
    void closeStdin(String namespace, String containerId, String execId);

    void pause(String namespace, String containerId);

    void resume(String namespace, String containerId);

    List<PidInfo> pids(String namespace, String containerId);

    /** Applies new resources (OCI LinuxResources, JSON Any). */
    void update(String namespace, String containerId, Any resources, Map<String, String> annotations);

    /** Cgroup counters of the namespace's tasks matching the filters (all when none). */
    List<TaskMetric> metrics(String namespace, List<String> filters);

    /** Checkpoint: always NotImplemented (after the container and task lookups, as containerd orders them). */
    void checkpoint(String namespace, String containerId);

    /** Blocks until the process has exited. */
    ExitResult await(String namespace, String containerId, String execId) throws InterruptedException;

    /** Stops managing the tasks; they keep running and are recovered by the next TaskManager. */
    @Override
    void close();
}
