package io.berth.tasks;

import io.berth.api.errors.BerthException;
import io.berth.events.Exchange;
import io.berth.api.events.TaskDelete;
import io.berth.api.events.TaskExit;
import io.berth.mount.Mounter;
import io.berth.shim.cgroups.Cgroup;
import io.berth.shim.main.ShimAddress;
import io.berth.shim.server.ExitRecord;
import io.berth.shim.server.ProtoTime;
import io.berth.shim.server.TaskEvents;
import io.berth.shim.spec.Spec;
import io.berth.shim.spec.Specs;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What berthd does for a task whose shim is gone (killed, crashed, or found dead at start-up), as
 * containerd does after a shim disconnects: kill what is left of the container (its cgroup, its
 * init), publish TaskExit and TaskDelete with the status the shim recorded (255 when it recorded
 * none), unmount the rootfs and remove the bundle.
 */
final class DeadShimCleanup {
    private static final System.Logger LOG = System.getLogger(DeadShimCleanup.class.getName());
    static final int UNKNOWN_EXIT = 255;

    private final Exchange events;
    private final Mounter mounter;
    private final Clock clock;

    DeadShimCleanup(Exchange events, Mounter mounter, Clock clock) {
        this.events = events;
        this.mounter = mounter;
        this.clock = clock;
    }

    /**
     * Cleans up {@code bundle}; publishes the events when the task had been created (its init pid
     * was recorded). Returns the exit reported.
     */
    ExitResult cleanup(Bundle bundle, long knownInitPid) {
        Optional<ProcessRef> init = bundle.init();
        long pid = knownInitPid != 0 ? knownInitPid : init.map(ProcessRef::pid).orElse(0L);
        Optional<ExitRecord> record = ExitRecord.read(bundle.dir);
        int status = record.map(ExitRecord::status).orElse(UNKNOWN_EXIT);
        Instant exitedAt = record.map(ExitRecord::exitedAt).orElseGet(clock::instant);
        LOG.log(Level.WARNING, "cleaning up after the shim of task {0} disconnected (exit {1})", bundle, status);
        killContainer(bundle, init);
        removeSocket(bundle);
        try {
            bundle.delete(mounter);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "cannot remove bundle " + bundle.dir, e);
        }
        if (pid != 0 || init.isPresent()) {
            events.publish(bundle.namespace, TaskEvents.EXIT, TaskExit.newBuilder()
                    .setContainerId(bundle.id).setId(bundle.id).setPid((int) pid).setExitStatus(status)
                    .setExitedAt(ProtoTime.of(exitedAt)).build());
            events.publish(bundle.namespace, TaskEvents.DELETE, TaskDelete.newBuilder()
                    .setContainerId(bundle.id).setPid((int) pid).setExitStatus(status)
                    .setExitedAt(ProtoTime.of(exitedAt)).build());
        }
        return new ExitResult(pid, status, Optional.of(exitedAt));
    }

    private static void killContainer(Bundle bundle, Optional<ProcessRef> init) {
        String cgroupsPath = "";
        try {
            Spec spec = Specs.read(bundle.dir.resolve(Bundle.SPEC));
            cgroupsPath = spec.linux() == null ? "" : spec.linux().cgroupsPath();
        } catch (BerthException e) {
            LOG.log(Level.WARNING, "task {0}: unreadable spec: {1}", bundle, e.getMessage());
        }
        init.ifPresent(ProcessRef::kill);
        if (!cgroupsPath.isEmpty()) {
            try {
                Cgroup cg = Cgroup.load(cgroupsPath);
                cg.killAll(9);
                cg.destroy();
            } catch (io.berth.api.errors.NotFoundException e) {
                // no cgroup left
            } catch (BerthException e) {
                LOG.log(Level.WARNING, "task {0}: cannot remove cgroup {1}: {2}", bundle, cgroupsPath, e.getMessage());
            }
        }
    }

    private static void removeSocket(Bundle bundle) {
        try {
            Optional<String> address = ShimAddress.read(bundle.dir);
            if (address.isPresent()) {
                Files.deleteIfExists(ShimAddress.parse(address.get()));
            }
        } catch (IOException | BerthException e) {
            LOG.log(Level.DEBUG, "no shim socket to remove for " + bundle, e);
        }
    }
}
