package io.berth.shim.cgroups;

import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.UnknownException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes cgroupfs control files, turning IOExceptions into Berth errors that name the
 * cgroup and the file. Each write is a single write(2), as the kernel expects.
 */
final class ControlFiles {

  private ControlFiles() {}

  /** Writes {@code value} to {@code dir/name} (no newline, no truncation, no creation). */
  static void write(String cgroup, Path dir, String name, String value) {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw missing(cgroup, file, e);
    } catch (IOException e) {
      throw new UnknownException(
          "cgroup " + quote(cgroup) + ": write " + quote(value) + " to " + file + ": "
              + reason(e),
          e);
    }
  }

  /** The file's content with surrounding white space removed. */
  static String read(String cgroup, Path dir, String name) {
    Path file = dir.resolve(name);
    try {
      return Files.readString(file).strip();
    } catch (NoSuchFileException e) {
      throw missing(cgroup, file, e);
    } catch (IOException e) {
      throw new UnknownException("cgroup " + quote(cgroup) + ": read " + file + ": " + reason(e), e);
    }
  }

  /** Like {@link #read} but null when the file does not exist (a controller not present). */
  static String readIfPresent(String cgroup, Path dir, String name) {
    if (!Files.exists(dir.resolve(name))) {
      return null;
    }
    try {
      return read(cgroup, dir, name);
    } catch (NotFoundException e) {
      return null;
    }
  }

  /** An unsigned decimal value; "max" reads as -1 (all bits set, as containerd's MaxUint64). */
  static long readUnsigned(String cgroup, Path dir, String name) {
    return parseUnsigned(cgroup, dir.resolve(name), read(cgroup, dir, name));
  }

  /** {@link #readUnsigned} or 0 when the file does not exist. */
  static long readUnsignedOrZero(String cgroup, Path dir, String name) {
    String v = readIfPresent(cgroup, dir, name);
    return v == null ? 0 : parseUnsigned(cgroup, dir.resolve(name), v);
  }

  /** Parses "key value" lines (memory.stat, cpu.stat, memory.events); bad lines are skipped. */
  static Map<String, Long> readKeyValues(String cgroup, Path dir, String name) {
    Map<String, Long> out = new LinkedHashMap<>();
    String text = readIfPresent(cgroup, dir, name);
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      String[] kv = line.trim().split("\\s+");
      if (kv.length == 2) {
        try {
          out.put(kv[0], Long.parseUnsignedLong(kv[1]));
        } catch (NumberFormatException e) {
          // not a counter (e.g. a nested key); containerd skips those as well
        }
      }
    }
    return out;
  }

  /** The pids listed in {@code dir/cgroup.procs}, empty if the directory is gone. */
  static List<Long> readPids(String cgroup, Path dir) {
    String text = readIfPresent(cgroup, dir, "cgroup.procs");
    List<Long> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(Long.parseLong(line.trim()));
      }
    }
    return out;
  }

  static long parseUnsigned(String cgroup, Path file, String value) {
    if (value.equals("max")) {
      return -1L;
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new UnknownException(
          "cgroup " + quote(cgroup) + ": " + file + " holds " + quote(value)
              + ", not an unsigned integer",
          e);
    }
  }

  /** The OS reason of an IOException ("Device or resource busy"), or its message. */
  static String reason(IOException e) {
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static NotFoundException missing(String cgroup, Path file, Exception cause) {
    return new NotFoundException("cgroup " + quote(cgroup) + " (" + file + ")", cause);
  }

  static String quote(String s) {
    return io.berth.api.validation.GoQuote.quote(s);
  }
}
