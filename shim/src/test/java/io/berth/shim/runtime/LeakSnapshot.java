package io.berth.shim.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What a container could leave behind in this JVM and on the host: host mounts, child processes
 * (zombies included), open descriptors, namespace threads and stage directories.
 */
record LeakSnapshot(int hostMounts, List<String> children, List<String> fds, long namespaceThreads,
                    List<String> stageDirs) {
    static LeakSnapshot take() throws IOException {
        List<String> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                for (String s : read(t.resolve("children")).trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        children.add(s + " " + read(Path.of("/proc", s, "cmdline")).replace('\0', ' ').trim());
                    }
                }
            }
        }
        List<String> fds = new ArrayList<>();
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : list.toList()) {
                try {
                    fds.add(Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+\\]", ""));
                } catch (IOException e) {
                    // the descriptor of the listing itself
                }
            }
        }
        fds.sort(null);
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("berth-ns-") || t.getName().startsWith("berth-wait-")).count();
        Path state = Path.of(System.getProperty("berth.shim.stateDir", "/run/berth-shim"));
        List<String> stages = new ArrayList<>();
        if (Files.isDirectory(state)) {
            try (var list = Files.list(state)) {
                list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("stage")).forEach(stages::add);
            }
        }
        int mounts = read(Path.of("/proc/1/mountinfo")).split("\n").length;
        return new LeakSnapshot(mounts, List.copyOf(new TreeSet<>(children)), fds, threads, stages);
    }

    private static String read(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
