package io.berth.tasks;

import io.berth.api.types.task.Status;
import java.time.Instant;
import java.util.Optional;

/**
 * A task process as Tasks.Get and Tasks.List report it.
 *
 * @param id the container id for the init process, else the exec id
 * @param exitStatus meaningful once {@code status} is STOPPED
 * @param exitedAt set once the process has stopped
 */
public record ProcessStatus(String id, long pid, Status status, TaskIo io, int exitStatus,
                            Optional<Instant> exitedAt) {
}
