package io.berth.daemon.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * berthd's JVM options, from the resource {@value #RESOURCE} that bin/berthd also passes to java
 * as an argument file, so that tests and benchmarks start berthd's JVM the way users do.
 */
public final class JvmOptions {

  /** The option file, on the class path and under daemon/src/main/resources. */
  public static final String RESOURCE = "/io/berth/daemon/launch/berthd.jvm-options";

  private JvmOptions() {}

  /** The options, in file order. */
  public static List<String> berthd() {
    try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** The words of an argument file with no quoting: '#' to the end of a line is a comment. */
  static List<String> parse(String text) {
    List<String> options = new ArrayList<>();
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String body = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (!body.isEmpty()) {
        options.addAll(List.of(body.split("\\s+")));
      }
    }
    return List.copyOf(options);
  }
}
