package io.berth.daemon.introspection;

import io.berth.api.errors.UnknownException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * The daemon's identity: a random UUID generated on first request and kept in {@code
 * <root>/io.containerd.grpc.v1.introspection/uuid}, as containerd keeps it, so that it survives
 * restarts.
 */
final class ServerUuid {

  static final String DIRECTORY = "io.containerd.grpc.v1.introspection";

  private final Path file;
  private String cached;

  ServerUuid(Path root) {
    this.file = root.resolve(DIRECTORY).resolve("uuid");
  }

  synchronized String get() {
    if (cached == null) {
      cached = readOrCreate();
    }
    return cached;
  }

  private String readOrCreate() {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).trim();
      try {
        UUID.fromString(s);
      } catch (IllegalArgumentException e) {
        throw new UnknownException("invalid UUID in " + file + ": " + s, e);
      }
      return s;
    } catch (NoSuchFileException e) {
      return create();
    } catch (IOException e) {
      throw new UnknownException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private String create() {
    String uuid = UUID.randomUUID().toString();
    try {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      }
      Path tmp = Files.createTempFile(dir, "uuid", ".tmp");
      Files.writeString(tmp, uuid, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return uuid;
    } catch (IOException e) {
      throw new UnknownException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
