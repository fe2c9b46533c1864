package io.berth.metadata;

import io.berth.api.filters.Adaptor;
import java.util.List;
import java.util.Optional;

/** The filterable fields of a lease: id, labels.<key>. */
record LeaseAdaptor(Lease lease) implements Adaptor {

  @Override
  public Optional<String> field(List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return switch (path.getFirst()) {
      case "id" -> ContainerAdaptor.nonEmpty(lease.id());
      case "labels" -> Adaptor.mapEntry(lease.labels(), path.subList(1, path.size()));
      default -> Optional.empty();
    };
  }
}
