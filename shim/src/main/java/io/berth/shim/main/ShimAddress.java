package io.berth.shim.main;

import io.berth.api.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where a shim listens: a unix socket named by a hash of berthd's address, the namespace and
 * the container id (as containerd names its shim sockets), written to {@code <bundle>/address}
 * as {@code unix://<path>}.
 */
public final class ShimAddress {
    /** The file in the bundle holding the address of the shim serving it. */
    public static final String FILE = "address";
    private static final String SCHEME = "unix://";
    /** sun_path is 108 bytes including the final NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private ShimAddress() {
    }

    /** The socket of the shim for {@code namespace}/{@code id} under {@code socketDir}. */
    public static Path socketPath(Path socketDir, String berthdAddress, String namespace, String id) {
        Path socket = socketDir.resolve(hash(berthdAddress + "/" + namespace + "/" + id));
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new InvalidArgumentException("shim socket path " + socket + " is longer than "
                    + MAX_SOCKET_PATH + " bytes; use a shorter state directory");
        }
        return socket;
    }

    /** {@code unix://<socket>}. */
    public static String format(Path socket) {
        return SCHEME + socket;
    }

    /** The socket path of an address, with or without the {@code unix://} scheme. */
    public static Path parse(String address) {
        String a = address.strip();
        if (a.startsWith(SCHEME)) {
            a = a.substring(SCHEME.length());
        } else if (a.startsWith("unix:")) {
            a = a.substring("unix:".length());
        }
        if (a.isEmpty() || !a.startsWith("/")) {
            throw new InvalidArgumentException("shim address \"" + address + "\" is not a unix socket path");
        }
        return Path.of(a);
    }

    /** Writes {@code <bundle>/address} atomically. */
    public static void write(Path bundle, Path socket) throws IOException {
        Path tmp = bundle.resolve(FILE + ".tmp");
        Files.writeString(tmp, format(socket));
        Files.move(tmp, bundle.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The file in the bundle holding the pid of the shim serving it (as containerd's shims write it). */
    public static final String PID_FILE = "shim.pid";

    /** Writes {@code <bundle>/shim.pid} with this process's pid. */
    public static void writePid(Path bundle) throws IOException {
        Path tmp = bundle.resolve(PID_FILE + ".tmp");
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
        Files.move(tmp, bundle.resolve(PID_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Removes {@code <bundle>/address} and {@code <bundle>/shim.pid} if they name this process and
     * {@code socket}: a shim that served the bundle's task leaves no trace of itself there.
     */
    public static void removeIfOurs(Path bundle, Path socket) {
        removeIf(bundle.resolve(FILE), format(socket));
        removeIf(bundle.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
    }

    private static void removeIf(Path file, String content) {
        try {
            if (Files.readString(file).strip().equals(content)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // gone already
        }
    }

    /** The address recorded in the bundle, if a shim wrote one. */
    public static Optional<String> read(Path bundle) throws IOException {
        try {
            String s = Files.readString(bundle.resolve(FILE)).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
