package io.berth.shim.aot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A JDK ahead-of-time cache (JEP 483/514) for one JVM command line: {@code <dir>/<name>-<key>.aot},
 * where the key hashes the java binary and its runtime image, every JVM option, and the path,
 * size and modification time of every class path entry. A rebuilt jar or another JDK gives
 * another key, so a stale cache is never used (and the JVM checks again when it maps one); the
 * builder removes caches of other keys.
 *
 * <p>Built by a long-lived process (berthd) with a training run that exits normally; the output
 * goes to a temporary file which the builder renames, under a lock file, so concurrent builders
 * and readers never see a partial cache.
 */
public final class AotCache {
    private static final String SUFFIX = ".aot";

    private final Path dir;
    private final String name;
    private final Path file;

    private AotCache(Path dir, String name, Path file) {
        this.dir = dir;
        this.name = name;
        this.file = file;
    }

    /**
     * The cache of {@code jvm} (java binary then options, including {@code -cp PATH}; no main
     * class) in {@code dir}.
     */
    public static AotCache of(Path dir, String name, List<String> jvm) {
        return new AotCache(dir, name, dir.resolve(name + "-" + key(jvm) + SUFFIX));
    }

    /** The cache file (it may not exist yet). */
    public Path file() {
        return file;
    }

    /** The cache file if it has been built. */
    public Optional<Path> existing() {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * {@code jvm} with {@code -XX:AOTCache=FILE} after the java binary when the cache exists, as is
     * otherwise.
     */
    public List<String> apply(List<String> jvm) {
        if (!Files.isRegularFile(file)) {
            return jvm;
        }
        List<String> out = new ArrayList<>(jvm);
        out.add(1, "-XX:AOTCache=" + file);
        return out;
    }

    /**
     * Builds the cache unless it exists: runs {@code jvm} with {@code -XX:AOTCacheOutput} and
     * {@code mainAndArgs} (a training run that must exit with status 0 within {@code limit}),
     * then renames its output into place. {@code started} receives the training process so that
     * an owner shutting down can stop it. Returns whether the cache exists afterwards.
     */
    public boolean build(List<String> jvm, List<String> mainAndArgs, Duration limit, Consumer<Process> started)
            throws IOException, InterruptedException {
        if (Files.isRegularFile(file)) {
            return true;
        }
        if (Files.exists(failedMarker())) {
            return false; // these jars cannot be cached (a class directory on the path): do not retry
        }
        Files.createDirectories(dir);
        synchronized (AotCache.class) { // a file lock is per process: serialise this JVM's builders first
            return buildLocked(jvm, mainAndArgs, limit, started);
        }
    }

    private boolean buildLocked(List<String> jvm, List<String> mainAndArgs, Duration limit, Consumer<Process> started)
            throws IOException, InterruptedException {
        try (FileChannel lockFile = FileChannel.open(dir.resolve(name + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.isRegularFile(file)) {
                return true; // another builder finished meanwhile
            }
            removeOthers();
            Path tmp = dir.resolve(name + "-" + ProcessHandle.current().pid() + ".tmp");
            List<String> cmd = new ArrayList<>(jvm);
            cmd.add(1, "-XX:AOTCacheOutput=" + tmp);
            cmd.addAll(mainAndArgs);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            started.accept(p);
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    return false;
                }
                if (p.exitValue() == 0 && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else if (p.exitValue() < 128) { // it ran to its end (not killed) and made no cache
                    Files.writeString(failedMarker(), "the training run wrote no cache\n");
                }
            } finally {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor();
                }
                deleteTemporaries(tmp);
            }
            return Files.isRegularFile(file);
        }
    }

    private Path failedMarker() {
        return file.resolveSibling(file.getFileName() + ".failed");
    }

    /** Removes caches of this name with another key, and training output left by a builder that died. */
    private void removeOthers() throws IOException {
        try (var entries = Files.newDirectoryStream(dir, name + "-*")) {
            for (Path p : entries) {
                if (!p.equals(file) && !p.equals(failedMarker())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void deleteTemporaries(Path tmp) throws IOException {
        Files.deleteIfExists(tmp);
        // the JDK writes the training configuration beside the output
        Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".config"));
    }

    private static String key(List<String> jvm) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
            Path java = Path.of(jvm.getFirst());
            stamp(d, java);
            Path home = java.toAbsolutePath().getParent() == null ? null : java.toAbsolutePath().getParent().getParent();
            if (home != null) {
                stamp(d, home.resolve("lib").resolve("modules"));
            }
            for (int i = 1; i < jvm.size(); i++) {
                String arg = jvm.get(i);
                d.update((byte) 0);
                d.update(arg.getBytes(StandardCharsets.UTF_8));
                if ((arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path"))
                        && i + 1 < jvm.size()) {
                    for (String entry : jvm.get(i + 1).split(":")) {
                        stamp(d, Path.of(entry));
                    }
                }
            }
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void stamp(MessageDigest d, Path p) {
        d.update(p.toString().getBytes(StandardCharsets.UTF_8));
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            d.update((a.size() + "/" + a.lastModifiedTime().toMillis()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            d.update((byte) 1);
        }
    }
}
