package io.berth.metadata;

import io.berth.api.filters.Adaptor;
import java.util.List;
import java.util.Optional;

/** The filterable fields of a container: id, runtime.name, image, labels.<key>. */
record ContainerAdaptor(Container container) implements Adaptor {

  @Override
  public Optional<String> field(List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return switch (path.getFirst()) {
      case "id" -> nonEmpty(container.id());
      case "runtime" -> path.size() > 1 && path.get(1).equals("name")
          ? nonEmpty(container.runtime().name()) : Optional.empty();
      case "image" -> nonEmpty(container.image());
      case "labels" -> Adaptor.mapEntry(container.labels(), path.subList(1, path.size()));
      default -> Optional.empty();
    };
  }

  static Optional<String> nonEmpty(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
