package io.berth.shim.runtime;

import java.util.List;
import java.util.OptionalInt;

/** {@code RLIMIT_*} names to Linux resource numbers. */
final class RlimitNames {
    private static final List<String> NAMES = List.of(
            "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
            "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING",
            "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    private RlimitNames() {
    }

    static OptionalInt number(String name) {
        int i = NAMES.indexOf(name);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
    }
}
