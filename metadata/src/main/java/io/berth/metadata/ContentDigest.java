package io.berth.metadata;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The digest rule of OCI go-digest's Parse, with its error texts: {@code <algorithm>:<hex>} where
 * the algorithm is sha256, sha384 or sha512 and the hex part is lower-case of the right length.
 */
final class ContentDigest {

  private static final Pattern ANY_DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
  private static final Map<String, Integer> HEX_LENGTH =
      Map.of("sha256", 64, "sha384", 96, "sha512", 128);
  private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

  private ContentDigest() {}

  /** Null when {@code s} is a valid digest, else go-digest's error text. */
  static String problem(String s) {
    int i = s.indexOf(':');
    if (i <= 0 || i + 1 == s.length()) {
      return "invalid checksum digest format";
    }
    String algorithm = s.substring(0, i);
    String encoded = s.substring(i + 1);
    Integer length = HEX_LENGTH.get(algorithm);
    if (length == null) {
      return ANY_DIGEST.matcher(s).matches()
          ? "unsupported digest algorithm" : "invalid checksum digest format";
    }
    if (encoded.length() != length) {
      return "invalid checksum digest length";
    }
    return LOWER_HEX.matcher(encoded).matches() ? null : "invalid checksum digest format";
  }
}
