package io.berth.metadata.local;

import io.berth.api.errors.BerthException;
import io.berth.api.events.NamespaceCreate;
import io.berth.api.events.NamespaceDelete;
import io.berth.api.events.NamespaceUpdate;
import io.berth.events.Exchange;
import io.berth.metadata.Namespace;
import io.berth.metadata.NamespaceRule;
import io.berth.metadata.NamespaceStore;
import java.util.Collection;
import java.util.List;

final class LocalNamespaces implements Namespaces {

  private final NamespaceStore store;
  private final Exchange exchange;

  LocalNamespaces(NamespaceStore store, Exchange exchange) {
    this.store = store;
    this.exchange = exchange;
  }

  @Override
  public Namespace get(String name) {
    return store.get(name);
  }

  @Override
  public List<Namespace> list() {
    return store.list();
  }

  @Override
  public Namespace create(String callerNamespace, Namespace namespace) {
    requirePublishable(callerNamespace);
    Namespace created = store.create(namespace.name(), namespace.labels());
    exchange.publish(callerNamespace, "/namespaces/create", NamespaceCreate.newBuilder()
        .setName(namespace.name()).putAllLabels(namespace.labels()).build());
    return created;
  }

  @Override
  public Namespace update(String callerNamespace, Namespace namespace, Collection<String> paths) {
    requirePublishable(callerNamespace);
    Namespace updated = store.update(namespace.name(), namespace.labels(), paths);
    exchange.publish(callerNamespace, "/namespaces/update", NamespaceUpdate.newBuilder()
        .setName(namespace.name()).putAllLabels(namespace.labels()).build());
    return updated;
  }

  @Override
  public void delete(String name) {
    store.delete(name);
    exchange.publish(name, "/namespaces/delete", NamespaceDelete.newBuilder().setName(name).build());
  }

  /**
   * containerd publishes after the change and fails the call when the caller gave no namespace;
   * checking first gives the same error without a change nobody was told about.
   */
  private static void requirePublishable(String callerNamespace) {
    try {
      NamespaceRule.require(callerNamespace);
    } catch (BerthException e) {
      throw e.withPrefix("failed publishing event");
    }
  }
}
