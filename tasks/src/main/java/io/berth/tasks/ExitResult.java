package io.berth.tasks;

import java.time.Instant;
import java.util.Optional;

/**
 * How a process ended, as Tasks.Delete, DeleteProcess and Wait report it.
 *
 * @param exitedAt empty for a process that never ran
 */
public record ExitResult(long pid, int exitStatus, Optional<Instant> exitedAt) {
}
