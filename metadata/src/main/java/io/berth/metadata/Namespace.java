package io.berth.metadata;

import java.util.Map;
import java.util.Objects;

/** A namespace and its labels. */
public record Namespace(String name, Map<String, String> labels) {

  public Namespace {
    Objects.requireNonNull(name, "name");
    labels = Maps.sortedCopy(labels, "label");
  }
}
