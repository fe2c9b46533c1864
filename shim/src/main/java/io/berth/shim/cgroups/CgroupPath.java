package io.berth.shim.cgroups;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.validation.GoQuote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated cgroup path, the OCI spec's {@code linux.cgroupsPath}: absolute ({@code
 * /default/myid}, placed under each hierarchy's mountpoint, as runc does) or relative ({@code
 * sub/myid}, placed under this process's own cgroup). It never leaves the hierarchy: ".." and "."
 * components, NUL and other control characters are refused.
 *
 * @param absolute whether the path began with "/"
 * @param components the non-empty components, in order (never empty)
 */
public record CgroupPath(boolean absolute, List<String> components) {

  /** Longest path accepted, Linux's PATH_MAX. */
  public static final int MAX_LENGTH = 4096;

  /** Longest single component accepted, Linux's NAME_MAX. */
  public static final int MAX_COMPONENT = 255;

  public CgroupPath {
    components = List.copyOf(components);
    if (components.isEmpty()) {
      throw new InvalidArgumentException("cgroups path has no components");
    }
    for (String c : components) {
      checkComponent(c, String.join("/", components));
    }
  }

  /**
   * Parses a cgroupsPath.
   *
   * @throws InvalidArgumentException naming the path if it is empty, too long, is "/", or holds a
   *     "..", "." component, a NUL or another control character
   */
  public static CgroupPath parse(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidArgumentException("cgroups path must not be empty");
    }
    if (path.length() > MAX_LENGTH) {
      throw new InvalidArgumentException(
          "cgroups path is longer than " + MAX_LENGTH + " characters");
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        checkComponent(part, path);
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      throw new InvalidArgumentException(
          "cgroups path " + GoQuote.quote(path) + " names the root cgroup");
    }
    return new CgroupPath(path.startsWith("/"), parts);
  }

  private static void checkComponent(String part, String path) {
    if (part.isEmpty()) {
      throw new InvalidArgumentException(
          "cgroups path " + GoQuote.quote(path) + " has an empty component");
    }
    if (part.equals("..") || part.equals(".")) {
      throw new InvalidArgumentException(
          "cgroups path " + GoQuote.quote(path) + " must not contain \"" + part + "\"");
    }
    if (part.contains("/")) {
      throw new InvalidArgumentException(
          "cgroups path component " + GoQuote.quote(part) + " contains \"/\"");
    }
    if (part.length() > MAX_COMPONENT) {
      throw new InvalidArgumentException(
          "cgroups path " + GoQuote.quote(path) + " has a component longer than " + MAX_COMPONENT);
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == 0) {
        throw new InvalidArgumentException(
            "cgroups path " + GoQuote.quote(path) + " contains a NUL character");
      }
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidArgumentException(
            "cgroups path " + GoQuote.quote(path) + " contains a control character");
      }
    }
  }

  /**
   * The directory of this path in a hierarchy: under the mountpoint if absolute, under this
   * process's own cgroup if relative.
   */
  public Path in(Hierarchy h) {
    Path dir = absolute ? h.mountpoint() : h.ownDirectory();
    for (String c : components) {
      dir = dir.resolve(c);
    }
    return dir;
  }

  /** The path as written in the spec, normalised ("//a/b/" becomes "/a/b"). */
  @Override
  public String toString() {
    return (absolute ? "/" : "") + String.join("/", components);
  }
}
