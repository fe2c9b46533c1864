package io.berth.metadata.local;

import io.berth.metadata.Namespace;
import java.util.Collection;
import java.util.List;

/**
 * containerd's Namespaces service, in-process: the store's rules plus the
 * {@code /namespaces/create|update|delete} events.
 */
public interface Namespaces {

  /** The namespace; one that does not exist has no labels (never NotFound). */
  Namespace get(String name);

  /** Every namespace, ordered by name. */
  List<Namespace> list();

  /**
   * Creates a namespace and publishes {@code /namespaces/create} (name, the requested labels)
   * into {@code callerNamespace}, the namespace of the call, as containerd does. Returns the
   * stored namespace (empty-valued labels dropped; containerd's RPC echoes the request).
   */
  Namespace create(String callerNamespace, Namespace namespace);

  /**
   * Updates labels ({@code labels.<key>} paths, or all labels when none) and publishes
   * {@code /namespaces/update} (name, the requested labels) into {@code callerNamespace}.
   * Returns the stored namespace (containerd's RPC answers an empty one).
   */
  Namespace update(String callerNamespace, Namespace namespace, Collection<String> paths);

  /** Deletes an empty namespace and publishes {@code /namespaces/delete} into that namespace. */
  void delete(String name);
}
