package io.berth.api.filters;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code fieldpath[op value]} term. For {@link Operator#MATCHES} the value is compiled once,
 * at construction; a value that is not a valid RE2 expression matches nothing (containerd logs
 * and returns false), it is not a parse error.
 */
public record Selector(List<String> fieldpath, Operator operator, String value, Regex regex)
    implements Filter {

  public Selector {
    fieldpath = List.copyOf(fieldpath);
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(value, "value");
    if (fieldpath.isEmpty()) {
      throw new IllegalArgumentException("a selector needs a field path");
    }
    if (operator == Operator.MATCHES) {
      if (regex == null || !regex.source().equals(value)) {
        throw new IllegalArgumentException("a ~= selector needs the regex compiled from its value");
      }
    } else if (regex != null) {
      throw new IllegalArgumentException("only a ~= selector has a regex");
    }
  }

  /** A selector whose regex (for {@code ~=}) is compiled from the value. */
  public Selector(List<String> fieldpath, Operator operator, String value) {
    this(fieldpath, operator, value, operator == Operator.MATCHES ? Regex.compile(value) : null);
  }

  @Override
  public boolean match(Adaptor adaptor) {
    Optional<String> field = adaptor.field(fieldpath);
    return switch (operator) {
      case PRESENT -> field.isPresent();
      case EQUAL -> field.isPresent() && field.get().equals(value);
      case NOT_EQUAL -> !field.orElse("").equals(value);
      case MATCHES -> regex.find(field.orElse(""));
    };
  }
}
