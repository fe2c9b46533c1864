package io.berth.tasks;

import io.berth.api.errors.UnknownException;
import java.util.Set;

/**
 * Runtime names: containerd's runc shims ({@code io.containerd.runc.v2}, {@code .v1}) are served by
 * berth-shim; any other name fails as containerd fails when it finds no shim binary for it.
 */
final class Runtimes {
    static final Set<String> BERTH_SHIM = Set.of("io.containerd.runc.v2", "io.containerd.runc.v1");

    private Runtimes() {
    }

    /** Checks that {@code name} runs on berth-shim. */
    static void require(String name) {
        if (BERTH_SHIM.contains(name)) {
            return;
        }
        String prefix = "failed to start shim: failed to resolve runtime path: ";
        if (name.isEmpty()) {
            throw new UnknownException(prefix + "no runtime name");
        }
        if (name.startsWith("/")) {
            throw new UnknownException(prefix + "invalid custom binary path: berth runs only the "
                    + String.join(" and ", BERTH_SHIM.stream().sorted().toList()) + " runtimes, not " + name);
        }
        String[] parts = name.split("\\.");
        if (parts.length < 2) {
            throw new UnknownException(prefix + "invalid runtime name " + name + ", correct runtime name should be "
                    + "either format like `io.containerd.runc.v1` or a full path to the binary");
        }
        String binary = "containerd-shim-" + parts[parts.length - 2] + "-" + parts[parts.length - 1];
        throw new UnknownException(prefix + "runtime \"" + name + "\" binary not installed \"" + binary
                + "\": file does not exist");
    }
}
