package io.berth.integration.tasks;

import io.berth.integration.harness.DaemonPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Processes a test left behind under a daemon's directory: shims (and the containers they run)
 * outlive berthd by design, so a test that fails half-way must still kill them.
 */
final class Leftovers {
    private Leftovers() {
    }

    /**
     * Stops both daemons of a comparison test, kills what their tasks left behind and removes the
     * (then empty) cgroup parents {@code /<namespace>} their default task cgroups were made in.
     */
    static void close(DaemonPair daemons, String... namespaces) {
        if (daemons != null) {
            Path b = daemons.berthd().dir();
            Path c = daemons.containerd().dir();
            daemons.close();
            kill(b);
            kill(c);
        }
        TaskCensus.removeCgroupParents(namespaces);
    }

    /** Pids of processes whose command line mentions {@code dir}. */
    static List<Long> processesMentioning(Path dir) {
        List<Long> pids = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(p.resolve("cmdline")).contains(dir.toString())) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    /** Each pid with its state and command line, for failure messages. */
    static List<String> describe(List<Long> pids) {
        List<String> out = new ArrayList<>();
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
                out.add(pid + " [" + stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) + "] "
                        + cmd.substring(Math.max(0, cmd.length() - 300)));
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return out;
    }

    /** Kills those processes and their descendants. */
    static void kill(Path dir) {
        for (long pid : processesMentioning(dir)) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }
}
