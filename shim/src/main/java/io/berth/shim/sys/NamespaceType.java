package io.berth.shim.sys;

import java.util.Optional;

/** Linux namespace kinds with their OCI names, clone flags and /proc/PID/ns file names. */
public enum NamespaceType {
    MOUNT("mount", 0x00020000, "mnt"),
    UTS("uts", 0x04000000, "uts"),
    IPC("ipc", 0x08000000, "ipc"),
    USER("user", 0x10000000, "user"),
    PID("pid", 0x20000000, "pid"),
    NETWORK("network", 0x40000000, "net"),
    CGROUP("cgroup", 0x02000000, "cgroup"),
    TIME("time", 0x00000080, "time");

    private final String ociName;
    private final int cloneFlag;
    private final String procName;

    NamespaceType(String ociName, int cloneFlag, String procName) {
        this.ociName = ociName;
        this.cloneFlag = cloneFlag;
        this.procName = procName;
    }

    /** The name in an OCI spec's {@code linux.namespaces[].type}. */
    public String ociName() {
        return ociName;
    }

    /** The {@code CLONE_NEW*} flag. */
    public int cloneFlag() {
        return cloneFlag;
    }

    /** The file name under {@code /proc/PID/ns/}. */
    public String procName() {
        return procName;
    }

    public static Optional<NamespaceType> fromOci(String name) {
        for (NamespaceType t : values()) {
            if (t.ociName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
