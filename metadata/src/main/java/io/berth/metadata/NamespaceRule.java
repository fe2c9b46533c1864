package io.berth.metadata;

import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.validation.Identifiers;

/** containerd's rule for the namespace of a namespaced call ({@code NamespaceRequired}). */
public final class NamespaceRule {

  private NamespaceRule() {}

  /**
   * Returns {@code ns} if it names a namespace.
   *
   * @throws FailedPreconditionException "namespace is required" when missing or empty
   * @throws InvalidArgumentException "namespace validation: identifier …" when not an identifier
   */
  public static String require(String ns) {
    if (ns == null || ns.isEmpty()) {
      throw new FailedPreconditionException("namespace is required");
    }
    try {
      Identifiers.validate(ns);
    } catch (InvalidArgumentException e) {
      throw e.withPrefix("namespace validation");
    }
    return ns;
  }
}
