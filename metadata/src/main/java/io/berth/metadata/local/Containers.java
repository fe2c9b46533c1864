package io.berth.metadata.local;

import io.berth.metadata.Container;
import java.util.Collection;
import java.util.List;

/**
 * containerd's Containers service, in-process: the store's rules plus the
 * {@code /containers/create|update|delete} events, published into the call's namespace.
 */
public interface Containers {

  Container get(String namespace, String id);

  /** The containers matching any of the filters (all when none), ordered by id. */
  List<Container> list(String namespace, List<String> filters);

  /**
   * As {@link #get}, as the bytes of containerd's wire {@code Container} message, made from the
   * stored record without decoding it: for a server that only relays the container.
   */
  byte[] getEncoded(String namespace, String id);

  /** As {@link #list}, each container as in {@link #getEncoded}. */
  List<byte[]> listEncoded(String namespace, List<String> filters);

  /** Stores a new container and publishes ContainerCreate{id, image, runtime}. */
  Container create(String namespace, Container container);

  /**
   * Updates along the field paths (a full update when none) and publishes
   * ContainerUpdate{id, image, labels, snapshot_key}; an empty id is InvalidArgument
   * {@code Container.ID required}.
   */
  Container update(String namespace, Container container, Collection<String> paths);

  /** Deletes the container and publishes ContainerDelete{id}. */
  void delete(String namespace, String id);
}
