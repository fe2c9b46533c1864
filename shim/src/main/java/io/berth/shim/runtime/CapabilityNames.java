package io.berth.shim.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Capability names ({@code CAP_CHOWN}...) to bits, limited to what the running kernel knows. */
final class CapabilityNames {
    private static final List<String> NAMES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    private static final int LAST_CAP = lastCap();

    private CapabilityNames() {
    }

    /**
     * The mask of the named capabilities. As runc does, names it does not know and capabilities
     * the kernel lacks are left out.
     */
    static long mask(List<String> names) {
        long mask = 0;
        for (String n : names) {
            int bit = NAMES.indexOf(n.toUpperCase(java.util.Locale.ROOT));
            if (bit >= 0 && bit <= LAST_CAP) {
                mask |= 1L << bit;
            }
        }
        return mask;
    }

    private static int lastCap() {
        try {
            return Integer.parseInt(ProcFs.read(Path.of("/proc/sys/kernel/cap_last_cap")).trim());
        } catch (IOException | NumberFormatException e) {
            return NAMES.size() - 1;
        }
    }
}
