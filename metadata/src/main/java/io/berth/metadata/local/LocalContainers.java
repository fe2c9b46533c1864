package io.berth.metadata.local;

import com.google.protobuf.ByteString;
import io.berth.api.anys.Anys;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.events.ContainerCreate;
import io.berth.api.events.ContainerDelete;
import io.berth.api.events.ContainerUpdate;
import io.berth.events.Exchange;
import io.berth.metadata.Container;
import io.berth.metadata.ContainerStore;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

final class LocalContainers implements Containers {

  private final ContainerStore store;
  private final Exchange exchange;

  LocalContainers(ContainerStore store, Exchange exchange) {
    this.store = store;
    this.exchange = exchange;
  }

  @Override
  public Container get(String namespace, String id) {
    return store.get(namespace, id);
  }

  @Override
  public List<Container> list(String namespace, List<String> filters) {
    return store.list(namespace, filters);
  }

  @Override
  public ByteString getEmbedded(String namespace, String id, int field) {
    return store.getEmbedded(namespace, id, field);
  }

  @Override
  public ByteString listEmbedded(String namespace, List<String> filters, int field) {
    return store.listEmbedded(namespace, filters, field);
  }

  @Override
  public void listEmbedded(String namespace, List<String> filters, int field,
      Consumer<ByteString> send) {
    store.listEmbedded(namespace, filters, field, send);
  }

  @Override
  public Container create(String namespace, Container container) {
    Container created = store.create(namespace, container);
    ContainerCreate.Runtime.Builder runtime =
        ContainerCreate.Runtime.newBuilder().setName(created.runtime().name());
    if (created.runtime().options() != null) {
      runtime.setOptions(Anys.pack(created.runtime().options().typeUrl(),
          created.runtime().options().value()));
    }
    exchange.publish(namespace, "/containers/create", ContainerCreate.newBuilder()
        .setId(created.id()).setImage(created.image()).setRuntime(runtime).build());
    return created;
  }

  @Override
  public Container update(String namespace, Container container, Collection<String> paths) {
    if (container.id().isEmpty()) {
      throw new InvalidArgumentException("Container.ID required");
    }
    Container updated = store.update(namespace, container, paths);
    exchange.publish(namespace, "/containers/update", ContainerUpdate.newBuilder()
        .setId(updated.id()).setImage(updated.image()).putAllLabels(updated.labels())
        .setSnapshotKey(updated.snapshotKey()).build());
    return updated;
  }

  @Override
  public void delete(String namespace, String id) {
    store.delete(namespace, id);
    exchange.publish(namespace, "/containers/delete", ContainerDelete.newBuilder().setId(id).build());
  }
}
