package io.berth.metadata;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A lease: resources attached to it are kept from garbage collection while it exists. */
public record Lease(String id, Instant createdAt, Map<String, String> labels) {

  public Lease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    labels = Maps.sortedCopy(labels, "label");
  }
}
