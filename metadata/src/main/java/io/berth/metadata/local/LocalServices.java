package io.berth.metadata.local;

import io.berth.events.Exchange;
import io.berth.metadata.MetadataDb;

/**
 * The in-process services over a metadata database and an event exchange: what berthd's gRPC
 * services adapt, and what an embedding program calls directly.
 */
public record LocalServices(
    Namespaces namespaces, Containers containers, Leases leases, Events events) {

  public static LocalServices of(MetadataDb db, Exchange exchange) {
    return new LocalServices(
        new LocalNamespaces(db.namespaces(), exchange),
        new LocalContainers(db.containers(), exchange),
        new LocalLeases(db.leases()),
        new LocalEvents(exchange));
  }
}
