package io.berth.tasks;

import com.google.protobuf.Any;
import io.berth.mount.Mount;
import java.util.List;
import java.util.Objects;

/**
 * What Tasks.Create asks for.
 *
 * @param containerId the container whose task it is
 * @param rootfs mounts performed on {@code <bundle>/rootfs} before the shim starts; empty when the
 *     spec's root.path is used as it is (ctr --rootfs, dockerd)
 * @param io the init process's streams
 * @param options task options (e.g. containerd.runc.v1.Options); null to use the container's
 *     runtime options
 * @param runtimePath an explicit shim binary instead of the container's runtime name; "" for none
 */
public record NewTask(String containerId, List<Mount> rootfs, TaskIo io, Any options, String runtimePath) {
    public NewTask {
        Objects.requireNonNull(containerId, "containerId");
        runtimePath = runtimePath == null ? "" : runtimePath;
        rootfs = rootfs == null ? List.of() : List.copyOf(rootfs);
        io = io == null ? TaskIo.NONE : io;
    }

    public NewTask(String containerId, List<Mount> rootfs, TaskIo io, Any options) {
        this(containerId, rootfs, io, options, "");
    }
}
