package io.berth.shim.runtime;

import java.time.Instant;

/** How a process ended: its exit code (128 + n when killed by signal n, as containerd reports) and when. */
public record ExitStatus(int code, Instant exitedAt) {
}
