package io.berth.api.validation;

import io.berth.api.errors.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** containerd's label size rule: key and value together at most 4096 bytes. */
public final class Labels {

  public static final int MAX_SIZE = 4096;

  private Labels() {}

  public static void validate(String key, String value) {
    int size = utf8Length(key) + utf8Length(value);
    if (size > MAX_SIZE) {
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      String shown =
          k.length > 10 ? new String(k, 0, 10, StandardCharsets.UTF_8) : key;
      throw new InvalidArgumentException(
          "label key and value greater than maximum size (" + MAX_SIZE + " bytes), key: " + shown);
    }
  }

  public static void validate(Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      validate(e.getKey(), e.getValue());
    }
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
