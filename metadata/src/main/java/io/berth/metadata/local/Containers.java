package io.berth.metadata.local;

import com.google.protobuf.ByteString;
import io.berth.metadata.Container;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * containerd's Containers service, in-process: the store's rules plus the
 * {@code /containers/create|update|delete} events, published into the call's namespace.
 */
public interface Containers {

  Container get(String namespace, String id);

  /** The containers matching any of the filters (all when none), ordered by id. */
  List<Container> list(String namespace, List<String> filters);

  /**
   * As {@link #get}, ready to send: the encoding of a message whose field {@code field} holds the
   * container as containerd's wire {@code Container}, made from the stored record without
   * decoding it (for a server that only relays it, e.g. GetContainerResponse's field 1).
   */
  ByteString getEmbedded(String namespace, String id, int field);

  /**
   * As {@link #list}, ready to send: the encoding of a message whose repeated field {@code
   * field} holds the containers as in {@link #getEmbedded}, in order.
   */
  ByteString listEmbedded(String namespace, List<String> filters, int field);

  /**
   * As {@link #listEmbedded(String, List, int)}, handing the encoding to {@code send}, which must
   * be done with the bytes when it returns (they may then be overwritten by the thread's next
   * list): for a server that sends them at once.
   */
  void listEmbedded(String namespace, List<String> filters, int field, Consumer<ByteString> send);

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
