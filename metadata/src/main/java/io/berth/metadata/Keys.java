package io.berth.metadata;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds every RocksDB key of the metadata store (the tree is drawn in {@code package-info.java}).
 *
 * <p>Keys are UTF-8 strings whose parts are joined by {@code /}. Each variable part is a
 * <em>segment</em>: {@code %} and {@code /} in it are written as {@code %25} and {@code %2F}, so
 * a part can never reach into another part of the tree whatever its text (lease ids and snapshot
 * keys are free-form). Identifiers contain neither character, so their segments are themselves.
 */
final class Keys {

  static final String VERSION = "v1";
  static final byte[] SCHEMA = bytes("schema");

  static final String CONTAINERS = "containers";
  static final String LEASES = "leases";
  static final String RESOURCES = "resources";
  static final String IMAGES = "images";
  static final String BLOBS = "content/blob";
  static final String SNAPSHOTS = "snapshots";
  static final String CHILDREN = "children";

  private Keys() {}

  /** {@code v1/} — the parent of every namespace. */
  static byte[] namespaces() {
    return bytes(VERSION + "/");
  }

  /** {@code v1/<ns>} — the namespace record. */
  static byte[] namespace(String ns) {
    return bytes(VERSION + "/" + segment(ns));
  }

  /** {@code v1/<ns>/} — everything stored in a namespace. */
  static byte[] inNamespace(String ns) {
    return bytes(nsPath(ns) + "/");
  }

  static byte[] containers(String ns) {
    return bytes(nsPath(ns) + "/" + CONTAINERS + "/");
  }

  static byte[] container(String ns, String id) {
    return bytes(nsPath(ns) + "/" + CONTAINERS + "/" + segment(id));
  }

  static byte[] leases(String ns) {
    return bytes(nsPath(ns) + "/" + LEASES + "/");
  }

  static byte[] lease(String ns, String id) {
    return bytes(nsPath(ns) + "/" + LEASES + "/" + segment(id));
  }

  /** {@code v1/<ns>/leases/<id>/} — the lease's resources (and nothing else). */
  static byte[] leaseChildren(String ns, String id) {
    return bytes(nsPath(ns) + "/" + LEASES + "/" + segment(id) + "/");
  }

  static byte[] leaseResources(String ns, String id) {
    return bytes(nsPath(ns) + "/" + LEASES + "/" + segment(id) + "/" + RESOURCES + "/");
  }

  /**
   * {@code v1/<ns>/leases/<id>/resources/<kind>[/<snapshotter>]/<resource id>} where the type
   * parts are {@code content}, {@code ingests} or {@code snapshots} + snapshotter.
   */
  static byte[] leaseResource(String ns, String id, String[] typeParts, String resourceId) {
    StringBuilder sb = new StringBuilder(nsPath(ns)).append('/').append(LEASES).append('/')
        .append(segment(id)).append('/').append(RESOURCES);
    for (String part : typeParts) {
      sb.append('/').append(segment(part));
    }
    return bytes(sb.append('/').append(segment(resourceId)).toString());
  }

  static byte[] images(String ns) {
    return bytes(nsPath(ns) + "/" + IMAGES + "/");
  }

  static byte[] blobs(String ns) {
    return bytes(nsPath(ns) + "/" + BLOBS + "/");
  }

  /** {@code v1/<ns>/snapshots/} — children are snapshotters, then snapshot keys. */
  static byte[] snapshots(String ns) {
    return bytes(nsPath(ns) + "/" + SNAPSHOTS + "/");
  }

  /** {@code v1/<ns>/snapshots/<snapshotter>/} — the namespace's snapshots of one snapshotter. */
  static byte[] snapshotter(String ns, String snapshotter) {
    return bytes(snapshotterPath(ns, snapshotter) + "/");
  }

  /** {@code v1/<ns>/snapshots/<snapshotter>/<key>} — one snapshot record. */
  static byte[] snapshot(String ns, String snapshotter, String key) {
    return bytes(snapshotterPath(ns, snapshotter) + "/" + segment(key));
  }

  /** {@code v1/<ns>/snapshots/<snapshotter>/<key>/children/} — the snapshot's children. */
  static byte[] snapshotChildren(String ns, String snapshotter, String key) {
    return bytes(snapshotterPath(ns, snapshotter) + "/" + segment(key) + "/" + CHILDREN + "/");
  }

  /** {@code v1/<ns>/snapshots/<snapshotter>/<parent>/children/<child>}. */
  static byte[] snapshotChild(String ns, String snapshotter, String parent, String child) {
    return bytes(snapshotterPath(ns, snapshotter) + "/" + segment(parent) + "/" + CHILDREN + "/"
        + segment(child));
  }

  private static String snapshotterPath(String ns, String snapshotter) {
    return nsPath(ns) + "/" + SNAPSHOTS + "/" + segment(snapshotter);
  }

  private static String nsPath(String ns) {
    return VERSION + "/" + segment(ns);
  }

  /** A variable key part with {@code %} and {@code /} escaped. */
  static String segment(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('/') < 0) {
      return s;
    }
    return s.replace("%", "%25").replace("/", "%2F");
  }

  /** The inverse of {@link #segment}. */
  static String unsegment(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && s.startsWith("25", i + 1)) {
        out.append('%');
        i += 2;
      } else if (c == '%' && s.startsWith("2F", i + 1)) {
        out.append('/');
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  /** The text of {@code key} after {@code prefix} (which it must start with). */
  static String rest(byte[] key, byte[] prefix) {
    return new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
