package io.berth.integration.snapshots;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What legitimately differs in {@code ctr snapshots} output between berthd and containerd, on top
 * of the harness's masks (times, the daemons' directories):
 *
 * <ul>
 *   <li>snapshot directory ids ({@code .../snapshots/<n>/...}): each overlay backend numbers its
 *       directories itself;
 *   <li>containerd's backend key prefix {@code <ns>/<seq>/} in three error texts (commit of a
 *       non-Active snapshot, mounts of a Committed one, a parent that is not Committed), where
 *       containerd leaks its internal key and berthd deliberately names the caller's key.
 * </ul>
 */
final class SnapshotMasks {

  private SnapshotMasks() {}

  private static final Pattern DIRECTORY_ID = Pattern.compile("/snapshots/\\d+(?=/|$|\\s|\")");

  /** {@code <namespace>/<digits>/} right where containerd prints a snapshot key in an error. */
  private static final Pattern BACKEND_KEY = Pattern.compile(
      "(?<=snapshot \"|snapshot |parent \")[A-Za-z0-9][A-Za-z0-9._-]*/\\d+/");

  static final UnaryOperator<String> IDS =
      s -> DIRECTORY_ID.matcher(s).replaceAll("/snapshots/<ID>");

  static final UnaryOperator<String> IDS_AND_BACKEND_KEYS =
      s -> BACKEND_KEY.matcher(IDS.apply(s)).replaceAll("");
}
