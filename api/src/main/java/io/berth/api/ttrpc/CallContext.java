package io.berth.api.ttrpc;

import java.util.List;
import java.util.Map;

/**
 * What a handler knows of its call besides the request.
 *
 * @param method {@code service/method}
 * @param metadata the request's metadata, each key with its values in order
 * @param timeoutNanos how long the caller waits, 0 for no limit
 */
public record CallContext(String method, Map<String, List<String>> metadata, long timeoutNanos) {

  /** The first value of metadata {@code key}, or null. */
  public String first(String key) {
    List<String> values = metadata.get(key);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
