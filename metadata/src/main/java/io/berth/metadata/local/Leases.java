package io.berth.metadata.local;

import io.berth.metadata.Lease;
import io.berth.metadata.LeaseResource;
import java.util.List;
import java.util.Map;

/** containerd's Leases service, in-process (it publishes no events). */
public interface Leases {

  /** Creates a lease; an empty id gets a random one. */
  Lease create(String namespace, String id, Map<String, String> labels);

  /**
   * Deletes a lease. {@code sync} asks containerd to run garbage collection before returning;
   * Berth has no collector yet, so it changes nothing.
   */
  void delete(String namespace, String id, boolean sync);

  List<Lease> list(String namespace, List<String> filters);

  void addResource(String namespace, String leaseId, LeaseResource resource);

  void deleteResource(String namespace, String leaseId, LeaseResource resource);

  List<LeaseResource> listResources(String namespace, String leaseId);
}
