package io.berth.tasks;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.UnknownException;
import io.berth.api.validation.Identifiers;
import io.berth.mount.Mount;
import io.berth.mount.MountTable;
import io.berth.mount.Mounter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A task's bundle, {@code <state>/tasks/<ns>/<id>/}: {@code config.json} (the container's spec),
 * {@code rootfs/} (when berthd mounts the rootfs), {@code init.pid} (written by berthd),
 * {@code address}, {@code shim.log} and {@code exit} (written by the shim).
 */
final class Bundle {
    static final String SPEC = "config.json";
    static final String ROOTFS = "rootfs";
    static final String INIT_PID = "init.pid";

    final String namespace;
    final String id;
    final Path dir;

    private Bundle(String namespace, String id, Path dir) {
        this.namespace = namespace;
        this.id = id;
        this.dir = dir;
    }

    static Bundle at(Path tasksDir, String namespace, String id) {
        Identifiers.validate(namespace);
        try {
            Identifiers.validate(id);
        } catch (BerthException e) {
            throw e.withPrefix("invalid task id " + id);
        }
        return new Bundle(namespace, id, tasksDir.resolve(namespace).resolve(id));
    }

    /** Makes the directory and writes the spec. */
    static Bundle create(Path tasksDir, String namespace, String id, byte[] spec) {
        Bundle b = at(tasksDir, namespace, id);
        try {
            Files.createDirectories(b.dir.getParent());
            Files.createDirectory(b.dir);
            Files.write(b.dir.resolve(SPEC), spec);
            return b;
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException("bundle " + b.dir);
        } catch (IOException e) {
            throw new UnknownException("create bundle " + b.dir + ": " + e.getMessage(), e);
        }
    }

    /** Every bundle on disk (recovery); entries that are not valid identifiers are skipped. */
    static List<Bundle> list(Path tasksDir) throws IOException {
        List<Bundle> out = new ArrayList<>();
        if (!Files.isDirectory(tasksDir)) {
            return out;
        }
        try (DirectoryStream<Path> namespaces = Files.newDirectoryStream(tasksDir)) {
            for (Path ns : namespaces) {
                if (!Files.isDirectory(ns, LinkOption.NOFOLLOW_LINKS)
                        || !Identifiers.isValid(ns.getFileName().toString())) {
                    continue;
                }
                try (DirectoryStream<Path> ids = Files.newDirectoryStream(ns)) {
                    for (Path id : ids) {
                        String name = id.getFileName().toString();
                        if (Files.isDirectory(id, LinkOption.NOFOLLOW_LINKS) && Identifiers.isValid(name)) {
                            out.add(new Bundle(ns.getFileName().toString(), name, id));
                        }
                    }
                }
            }
        }
        return out;
    }

    Path rootfs() {
        return dir.resolve(ROOTFS);
    }

    void mountRootfs(Mounter mounter, List<Mount> mounts) {
        if (mounts.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(rootfs());
            mounter.mountAll(mounts, rootfs());
        } catch (IOException e) {
            throw new UnknownException("failed to mount rootfs component: " + e.getMessage(), e);
        }
    }

    void recordInit(ProcessRef init) {
        try {
            Files.writeString(dir.resolve(INIT_PID), init.encode());
        } catch (IOException e) {
            throw new UnknownException("record init pid in " + dir + ": " + e.getMessage(), e);
        }
    }

    Optional<ProcessRef> init() {
        try {
            return ProcessRef.decode(Files.readString(dir.resolve(INIT_PID)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Unmounts the rootfs and removes the bundle. Nothing is removed below a directory that is
     * still a mount point, so a failed unmount never deletes a container's files.
     */
    void delete(Mounter mounter) throws IOException {
        if (Files.isDirectory(rootfs(), LinkOption.NOFOLLOW_LINKS) && MountTable.isMountPoint(rootfs())) {
            mounter.unmountAll(rootfs());
        }
        if (!MountTable.under(dir).isEmpty()) {
            throw new IOException("bundle " + dir + " still has mounts: " + MountTable.under(dir));
        }
        deleteTree(dir);
        Path nsDir = dir.getParent();
        try {
            Files.deleteIfExists(nsDir);
        } catch (java.nio.file.DirectoryNotEmptyException ignored) {
            // other tasks in the namespace
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path c : children) {
                    deleteTree(c);
                }
            } catch (NoSuchFileException e) {
                return;
            }
        }
        Files.deleteIfExists(p);
    }

    @Override
    public String toString() {
        return namespace + "/" + id;
    }
}
