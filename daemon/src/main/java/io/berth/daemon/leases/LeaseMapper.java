package io.berth.daemon.leases;

import io.berth.api.services.leases.v1.Lease;
import io.berth.api.services.leases.v1.Resource;
import io.berth.daemon.wire.Timestamps;
import io.berth.metadata.LeaseResource;

/** Between the wire's {@code Lease} and {@code Resource} and their records. */
final class LeaseMapper {

  private LeaseMapper() {}

  static Lease toProto(io.berth.metadata.Lease l) {
    return Lease.newBuilder()
        .setId(l.id())
        .setCreatedAt(Timestamps.toProto(l.createdAt()))
        .putAllLabels(l.labels())
        .build();
  }

  static Resource toProto(LeaseResource r) {
    return Resource.newBuilder().setId(r.id()).setType(r.type()).build();
  }

  static LeaseResource fromProto(Resource r) {
    return new LeaseResource(r.getId(), r.getType());
  }
}
