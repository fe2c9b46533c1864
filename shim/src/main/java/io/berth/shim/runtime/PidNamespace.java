package io.berth.shim.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Processes of a pid namespace, found by comparing /proc/PID/ns/pid links. */
final class PidNamespace {
    private PidNamespace() {
    }

    /** Host pids of every process sharing the pid namespace of {@code member}, ascending. */
    static List<Long> members(long member) {
        String ns;
        try {
            ns = Files.readSymbolicLink(Path.of("/proc", Long.toString(member), "ns", "pid")).toString();
        } catch (IOException e) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path p : proc) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                try {
                    if (Files.readSymbolicLink(p.resolve("ns/pid")).toString().equals(ns)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        pids.sort(null);
        return pids;
    }
}
