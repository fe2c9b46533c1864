package io.berth.metadata;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.errors.UnknownException;
import io.berth.api.filters.Filter;
import io.berth.api.validation.GoQuote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Leases per namespace and the resources they hold, with containerd's rules: ids are free-form
 * (generated when empty), labels with empty values are dropped, resource types are
 * {@code content} (a valid digest), {@code ingests} or {@code snapshots/<snapshotter>}; a
 * malformed type is InvalidArgument and an unknown one NotImplemented. Deleting a lease deletes
 * its resource records. There is no garbage collector yet, so a lease only records references.
 */
public final class LeaseStore {

  private static final int GENERATED_ID_ATTEMPTS = 8;

  private final StoreContext ctx;

  LeaseStore(StoreContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Creates a lease with CreatedAt = now. An empty id gets a random one.
   *
   * @throws AlreadyExistsException {@code lease "<id>"}
   */
  public Lease create(String namespace, String id, Map<String, String> labels) {
    String ns = NamespaceRule.require(namespace);
    Map<String, String> stored = new TreeMap<>();
    if (labels != null) {
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (e.getValue().isEmpty()) {
          continue;
        }
        if (e.getKey().isEmpty()) {
          throw new UnknownException("failed to set label " + GoQuote.quote("") + "="
              + GoQuote.quote(e.getValue()) + ": key required");
        }
        stored.put(e.getKey(), e.getValue());
      }
    }
    boolean generated = id == null || id.isEmpty();
    for (int attempt = 0; ; attempt++) {
      String leaseId = generated ? randomId() : id;
      byte[] key = Keys.lease(ns, leaseId);
      try (Locks.Held _ = ctx.locks.namespace(ns).shared();
          Locks.Held _ = ctx.locks.key(key)) {
        if (ctx.rocks.get(key) != null) {
          if (generated && attempt < GENERATED_ID_ATTEMPTS) {
            continue;
          }
          throw new AlreadyExistsException("lease " + GoQuote.quote(leaseId));
        }
        Lease lease = new Lease(leaseId, ctx.now(), stored);
        byte[] value = Codec.lease(lease);
        ctx.writeInNamespace(ns, false, new Batch().put(key, value));
        return Codec.lease(leaseId, key, value);
      }
    }
  }

  /** Deletes a lease and its resource records; NotFound {@code lease "<id>"}. */
  public void delete(String namespace, String id) {
    String ns = NamespaceRule.require(namespace);
    byte[] key = Keys.lease(ns, id);
    try (Locks.Held _ = ctx.locks.namespace(ns).shared();
        Locks.Held _ = ctx.locks.key(key)) {
      requireLease(ns, id, key);
      Batch batch = new Batch().delete(key);
      ctx.rocks.scan(Keys.leaseChildren(ns, id), (k, v) -> {
        batch.delete(k);
        return true;
      });
      ctx.rocks.write(batch);
    }
  }

  /** The leases matching any of the filters ({@code id}, {@code labels.<key>}), ordered by id. */
  public List<Lease> list(String namespace, String... filters) {
    return list(namespace, List.of(filters));
  }

  public List<Lease> list(String namespace, List<String> filters) {
    String ns = NamespaceRule.require(namespace);
    Filter filter = StoreFilters.parse(filters);
    byte[] prefix = Keys.leases(ns);
    List<Lease> out = new ArrayList<>();
    for (RocksStore.Entry e : ctx.rocks.children(prefix)) {
      Lease lease = Codec.lease(Keys.unsegment(Keys.rest(e.key(), prefix)), e.key(), e.value());
      if (filter.match(new LeaseAdaptor(lease))) {
        out.add(lease);
      }
    }
    return out;
  }

  /** Records that the lease holds the resource (idempotent). */
  public void addResource(String namespace, String leaseId, LeaseResource resource) {
    String ns = NamespaceRule.require(namespace);
    byte[] key = Keys.lease(ns, leaseId);
    try (Locks.Held _ = ctx.locks.namespace(ns).shared();
        Locks.Held _ = ctx.locks.key(key)) {
      requireLease(ns, leaseId, key);
      String[] parts = typeParts(resource);
      if (parts.length == 2 && parts[1].isEmpty()) {
        throw new UnknownException("bucket name required");
      }
      if (resource.id().isEmpty()) {
        throw new UnknownException("key required");
      }
      ctx.rocks.write(new Batch()
          .put(Keys.leaseResource(ns, leaseId, parts, resource.id()), new byte[0]));
    }
  }

  /** Removes the resource from the lease; a resource the lease does not hold is no error. */
  public void deleteResource(String namespace, String leaseId, LeaseResource resource) {
    String ns = NamespaceRule.require(namespace);
    byte[] key = Keys.lease(ns, leaseId);
    try (Locks.Held _ = ctx.locks.namespace(ns).shared();
        Locks.Held _ = ctx.locks.key(key)) {
      requireLease(ns, leaseId, key);
      String[] parts = typeParts(resource);
      ctx.rocks.write(new Batch().delete(Keys.leaseResource(ns, leaseId, parts, resource.id())));
    }
  }

  /** The lease's resources: content, then ingests, then snapshots by snapshotter. */
  public List<LeaseResource> listResources(String namespace, String leaseId) {
    String ns = NamespaceRule.require(namespace);
    requireLease(ns, leaseId, Keys.lease(ns, leaseId));
    byte[] prefix = Keys.leaseResources(ns, leaseId);
    List<LeaseResource> out = new ArrayList<>();
    for (RocksStore.Entry e : ctx.rocks.scan(prefix)) {
      String[] parts = Keys.rest(e.key(), prefix).split("/", -1);
      switch (parts[0]) {
        case "content", "ingests" -> {
          if (parts.length == 2) {
            out.add(new LeaseResource(Keys.unsegment(parts[1]), parts[0]));
          }
        }
        case "snapshots" -> {
          if (parts.length == 3) {
            out.add(new LeaseResource(Keys.unsegment(parts[2]),
                "snapshots/" + Keys.unsegment(parts[1])));
          }
        }
        default -> {
          // Not a resource this version writes; skipped.
        }
      }
    }
    return out;
  }

  private void requireLease(String ns, String id, byte[] key) {
    if (ctx.rocks.get(key) == null) {
      throw new NotFoundException("lease " + GoQuote.quote(id));
    }
  }

  /** containerd's parseLeaseResource: the key parts of the type, or its errors. */
  private static String[] typeParts(LeaseResource r) {
    String type = r.type();
    String[] parts = type.split("/", -1);
    switch (parts[0]) {
      case "content", "ingests" -> {
        if (parts.length != 1) {
          throw new InvalidArgumentException("invalid resource type " + type);
        }
        if (parts[0].equals("content")) {
          String problem = ContentDigest.problem(r.id());
          if (problem != null) {
            throw new InvalidArgumentException(
                "invalid content resource id " + r.id() + ": " + problem);
          }
        }
      }
      case "snapshots" -> {
        if (parts.length != 2) {
          throw new InvalidArgumentException("invalid snapshot resource type " + type);
        }
      }
      default -> throw new NotImplementedException(
          "resource type " + type + " not supported yet");
    }
    return parts;
  }

  /** containerd's random lease id shape: {@code <nanoseconds>-<4 base64url characters>}. */
  private String randomId() {
    byte[] b = new byte[3];
    ThreadLocalRandom.current().nextBytes(b);
    Instant now = ctx.now();
    return now.getNano() + "-" + Base64.getUrlEncoder().encodeToString(b);
  }
}
