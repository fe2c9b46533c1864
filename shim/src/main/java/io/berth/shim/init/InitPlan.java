package io.berth.shim.init;

import java.util.List;
import java.util.Map;

/**
 * What the init stage must do, fully resolved by the shim from the OCI spec: namespaces to enter,
 * the rootfs to build (create mode only) and the process to become. The init stage only executes
 * it, so it needs neither Jackson nor the seccomp compiler. Travels over the control channel
 * encoded by {@link PlanCodec}.
 *
 * @param join true for a process joining a running container (exec), false for its first process
 * @param mountNsPath mount namespace to join (join mode, or a spec-named path); empty to unshare one
 * @param newMountNs create mode: unshare a new mount namespace
 * @param cgroupNsPath cgroup namespace to join; empty for none
 * @param newCgroupNs unshare a new cgroup namespace (after the shim put the stage in its cgroup)
 */
public record InitPlan(boolean join, String mountNsPath, boolean newMountNs, String cgroupNsPath,
                       boolean newCgroupNs, Rootfs rootfs, Proc process) {

    /** The container's filesystem and system settings (create mode). */
    public record Rootfs(String path, boolean readonly, long propagation, boolean noPivotRoot,
                         List<MountOp> mounts, boolean setupDev, List<DeviceNode> devices,
                         List<String> maskedPaths, List<String> readonlyPaths, String hostname,
                         String domainname, Map<String, String> sysctl, int oomScoreAdj, boolean setOomScoreAdj) {
        public Rootfs {
            mounts = List.copyOf(mounts);
            devices = List.copyOf(devices);
            maskedPaths = List.copyOf(maskedPaths);
            readonlyPaths = List.copyOf(readonlyPaths);
            sysctl = Map.copyOf(sysctl);
        }
    }

    /** How one spec mount is performed. */
    public enum MountKind { REGULAR, BIND, CGROUP }

    /**
     * One mount: {@code flags} and {@code data} for mount(2), then each of {@code propagation}
     * applied in order. Bind mounts with extra flags are remounted with them.
     */
    public record MountOp(MountKind kind, String source, String destination, String type, long flags, String data,
                          List<Long> propagation) {
        public MountOp {
            propagation = List.copyOf(propagation);
        }
    }

    /** A device node to create under the rootfs. {@code type} is c, b, p or u. */
    public record DeviceNode(String path, char type, int major, int minor, int mode, int uid, int gid) {
    }

    /** One resource limit: resource number and its soft and hard values. */
    public record Limit(int resource, long soft, long hard) {
    }

    /** The process the stage becomes, with its identity and privileges. */
    public record Proc(List<String> args, List<String> env, String cwd, int uid, int gid, List<Integer> groups,
                       int umask, List<Limit> rlimits, long bounding, long effective, long inheritable,
                       long permitted, long ambient, boolean noNewPrivileges, byte[] seccomp, int seccompFlags,
                       boolean terminal, int rows, int columns) {
        public Proc {
            args = List.copyOf(args);
            env = List.copyOf(env);
            groups = List.copyOf(groups);
            rlimits = List.copyOf(rlimits);
            seccomp = seccomp.clone();
        }
    }
}
