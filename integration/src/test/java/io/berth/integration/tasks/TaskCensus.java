package io.berth.integration.tasks;

import io.berth.integration.harness.Berthd;
import io.berth.integration.harness.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a berthd's tasks of one namespace hold on the machine, counted from /proc, /sys/fs/cgroup
 * and the state directory: the things that must not leak once the tasks are gone. Shims are
 * counted only when they serve a task (their command line names a bundle), so idle pooled shims
 * are not taken for leaks.
 *
 * @param mounts mount points under berthd's directory or the rootfs
 * @param cgroups cgroup directories under {@code <hierarchy>/<parent>/}, over all hierarchies (the
 *     parent is the namespace, where ctr puts a task's cgroup by default)
 * @param shims processes whose command line names a bundle of the namespace
 * @param bundles entries of {@code <state>/tasks/<namespace>/}
 * @param sockets entries of {@code <state>/s/} (shim sockets)
 * @param fds berthd's open file descriptors
 */
record TaskCensus(List<String> mounts, List<String> cgroups, List<String> shims, List<String> bundles,
        List<String> sockets, int fds) {

    static final Path CGROUPS = Path.of("/sys/fs/cgroup");

    static TaskCensus take(Berthd berthd, String namespace, Path rootfs) {
        return take(berthd, namespace, namespace, rootfs);
    }

    /** As {@link #take(Berthd, String, Path)}, for tasks whose cgroups are {@code /<parent>/<id>}. */
    static TaskCensus take(Berthd berthd, String namespace, String cgroupParent, Path rootfs) {
        List<String> mounts = new ArrayList<>(TempDirs.mountsUnder(berthd.dir()));
        mounts.addAll(TempDirs.mountsUnder(rootfs));
        Path bundles = berthd.state().resolve("tasks").resolve(namespace);
        List<String> shims = Leftovers.describe(Leftovers.processesMentioning(bundles));
        return new TaskCensus(mounts, cgroupsOf(cgroupParent), shims, entries(bundles),
                entries(berthd.state().resolve("s")), fds(berthd.pid()));
    }

    /** The cgroups {@code /<parent>/*} under each hierarchy, v1 and v2. */
    static List<String> cgroupsOf(String parent) {
        List<String> out = new ArrayList<>();
        List<Path> hierarchies = new ArrayList<>(entriesOf(CGROUPS));
        hierarchies.add(CGROUPS);
        for (Path h : hierarchies) {
            Path ns = h.resolve(parent);
            if (Files.isDirectory(ns)) {
                for (Path c : entriesOf(ns)) {
                    if (Files.isDirectory(c)) {
                        out.add(c.toString());
                    }
                }
            }
        }
        return out;
    }

    /** The cgroups {@code /<parent>/<id>}, in any hierarchy. */
    static List<String> cgroupsOf(String parent, String id) {
        return cgroupsOf(parent).stream().filter(c -> c.endsWith("/" + parent + "/" + id)).toList();
    }

    /** Removes the empty cgroup directories {@code /<parent>} a test made, in every hierarchy. */
    static void removeCgroupParents(String... parents) {
        List<Path> hierarchies = new ArrayList<>(entriesOf(CGROUPS));
        hierarchies.add(CGROUPS);
        for (String parent : parents) {
            for (Path h : hierarchies) {
                try {
                    Files.deleteIfExists(h.resolve(parent));
                } catch (IOException e) {
                    // not empty: a leak the tests report
                }
            }
        }
    }

    static int fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list the fds of " + pid + ": " + e, e);
        }
    }

    private static List<String> entries(Path dir) {
        return entriesOf(dir).stream().map(p -> p.getFileName().toString()).sorted().toList();
    }

    private static List<Path> entriesOf(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Whether nothing of the tasks is left. Shim sockets and berthd's fds are not part of this:
     * idle pooled shims may hold sockets; those are compared by count before and after.
     */
    boolean empty() {
        return mounts.isEmpty() && cgroups.isEmpty() && shims.isEmpty() && bundles.isEmpty();
    }
}
