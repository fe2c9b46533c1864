package io.berth.metadata;

import java.util.Objects;

/**
 * A resource held by a lease. The type is {@code content} (id is a digest), {@code ingests}
 * (id is an ingest ref) or {@code snapshots/<snapshotter>} (id is a snapshot key).
 */
public record LeaseResource(String id, String type) {

  public LeaseResource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
  }
}
