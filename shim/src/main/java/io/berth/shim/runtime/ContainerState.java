package io.berth.shim.runtime;

import java.nio.file.Path;
import java.util.Optional;

/** A snapshot of a container's state. {@code pid} is 0 once stopped before it ever ran. */
public record ContainerState(String id, Path bundle, long pid, Status status, Optional<ExitStatus> exit) {
    /** Lifecycle states, named as containerd's task states. */
    public enum Status { CREATED, RUNNING, PAUSED, STOPPED }
}
