package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.shim.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs one probe script under runc and under Berth with the same config.json and compares what
 * the process sees: mount table, /dev, capability sets, no_new_privs, seccomp mode, signal
 * masks, rlimits, ids, umask.
 */
@Tag("root")
class RuncComparisonTest {
    /** Prints "== section" headers, then a normalised view of each aspect. */
    private static final String PROBE = """
            #!/bin/sh
            echo "== mounts"
            awk '{ sep = 0; for (i = 1; i <= NF; i++) if ($i == "-") sep = i;
                   printf "%s %s %s %s %s\\n", $5, $6, $(sep+1), $(sep+2), $(sep+3) }' /proc/self/mountinfo
            echo "== dev"
            for f in /dev/* /dev/pts/* /dev/mqueue /dev/shm; do
              stat -c '%n %F %a %t:%T %u:%g %N' "$f"
            done
            echo "== status"
            grep -E '^(Cap|NoNewPrivs|Seccomp|SigBlk|SigIgn|Uid|Gid|Groups)' /proc/self/status
            echo "== limits"
            cat /proc/self/limits
            echo "== misc"
            hostname; umask; id; cat /proc/self/oom_score_adj; echo "pid $$"; echo "env"; env | sort
            """;

    private static BusyboxRootfs fs;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Runc.available(), "runc is not installed");
        fs = BusyboxRootfs.create();
        Path probe = fs.rootfs.resolve("probe.sh");
        Files.writeString(probe, PROBE);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void ctrDefaultSpecMatchesRunc() throws Exception {
        compare(TestSpecs.ctrDefault(fs.rootfs, "cmp1", "/probe.sh"), "cmp1");
    }

    @Test
    void ctrSeccompSpecMatchesRunc() throws Exception {
        compare(TestSpecs.ctrSeccomp(fs.rootfs, "cmp2", "/probe.sh"), "cmp2");
    }

    private static void compare(Spec spec, String id) throws Exception {
        String runc = Runc.run(fs.bundle, spec, id + "-runc");
        String berth = runBerth(spec, id);
        Map<String, String> r = sections(normalise(runc));
        Map<String, String> b = sections(normalise(berth));
        assertThat(r).containsKeys("mounts", "dev", "status", "limits", "misc");
        for (String section : r.keySet()) {
            assertThat(b.get(section)).as("section " + section + "\nrunc:\n" + r.get(section) + "\nberth:\n"
                    + b.get(section)).isEqualTo(r.get(section));
        }
    }

    private static String runBerth(Spec spec, String id) throws Exception {
        Container c = Container.create(id, fs.bundle, spec, Stdio.pipes());
        try {
            c.start();
            String out = new String(c.init().stdout().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
            c.exit().get();
            return out;
        } finally {
            c.destroy();
        }
    }

    /** Drops what legitimately differs between two runs: the container's hostname-free ids. */
    private static String normalise(String s) {
        Matcher m = Pattern.compile("(tmpfs|shm|mqueue|devpts|proc|sysfs|cgroup)? ?inode\\d+").matcher(s);
        return m.replaceAll("");
    }

    private static Map<String, String> sections(String out) {
        Map<String, String> map = new TreeMap<>();
        String current = null;
        StringBuilder sb = new StringBuilder();
        for (String line : out.lines().toList()) {
            if (line.startsWith("== ")) {
                if (current != null) {
                    map.put(current, sb.toString());
                }
                current = line.substring(3);
                sb.setLength(0);
            } else {
                sb.append(line).append('\n');
            }
        }
        if (current != null) {
            map.put(current, sb.toString());
        }
        return map;
    }
}
