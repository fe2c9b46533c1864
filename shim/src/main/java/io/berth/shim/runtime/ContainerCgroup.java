package io.berth.shim.runtime;

import io.berth.shim.spec.Resources;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime needs of a container's cgroup. Backed by {@code io.berth.shim.cgroups.Cgroup}
 * once that package is available; until then containers run without a cgroup of their own and
 * process listing and kill-all use the container's pid namespace instead.
 */
interface ContainerCgroup {
    void addProcess(long pid);

    List<Long> pids();

    void freeze();

    void thaw();

    void update(Resources resources);

    void killAll(int signal);

    void destroy();

    /** The cgroup for {@code cgroupsPath}, created with {@code resources}; empty when not managed. */
    static Optional<ContainerCgroup> create(String cgroupsPath, Resources resources) {
        return Optional.empty();
    }
}
