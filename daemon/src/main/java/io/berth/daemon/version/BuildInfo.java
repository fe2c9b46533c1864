package io.berth.daemon.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * Berth's version and source revision, written into {@code build.properties} by the build.
 *
 * @param version the release, e.g. {@code 0.1.0-SNAPSHOT}
 * @param revision the source revision the build came from (the version when not given)
 */
public record BuildInfo(String version, String revision) {

  private static final String RESOURCE = "build.properties";

  public BuildInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(revision, "revision");
  }

  /** The build information packaged with this class. */
  public static BuildInfo current() {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " missing beside "
            + BuildInfo.class.getName() + ": the daemon jar is incomplete");
      }
      Properties p = new Properties();
      p.load(in);
      return new BuildInfo(required(p, "version"), required(p, "revision"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank() || v.startsWith("${")) {
      throw new IllegalStateException(RESOURCE + " has no " + key + " (unfiltered resource?)");
    }
    return v;
  }
}
