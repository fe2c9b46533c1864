package io.berth.metadata.local;

import io.berth.metadata.Lease;
import io.berth.metadata.LeaseResource;
import io.berth.metadata.LeaseStore;
import java.util.List;
import java.util.Map;

final class LocalLeases implements Leases {

  private final LeaseStore store;

  LocalLeases(LeaseStore store) {
    this.store = store;
  }

  @Override
  public Lease create(String namespace, String id, Map<String, String> labels) {
    return store.create(namespace, id, labels);
  }

  @Override
  public void delete(String namespace, String id, boolean sync) {
    store.delete(namespace, id);
  }

  @Override
  public List<Lease> list(String namespace, List<String> filters) {
    return store.list(namespace, filters);
  }

  @Override
  public void addResource(String namespace, String leaseId, LeaseResource resource) {
    store.addResource(namespace, leaseId, resource);
  }

  @Override
  public void deleteResource(String namespace, String leaseId, LeaseResource resource) {
    store.deleteResource(namespace, leaseId, resource);
  }

  @Override
  public List<LeaseResource> listResources(String namespace, String leaseId) {
    return store.listResources(namespace, leaseId);
  }
}
