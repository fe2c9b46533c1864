package io.berth.api.client;

import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.content.v1.ContentGrpc;
import io.berth.api.services.diff.v1.DiffGrpc;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.api.services.images.v1.ImagesGrpc;
import io.berth.api.services.introspection.v1.IntrospectionGrpc;
import io.berth.api.services.leases.v1.LeasesGrpc;
import io.berth.api.services.namespaces.v1.NamespacesGrpc;
import io.berth.api.services.snapshots.v1.SnapshotsGrpc;
import io.berth.api.services.tasks.v1.TasksGrpc;
import io.berth.api.services.version.v1.VersionGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.util.Objects;
import java.util.Optional;

/**
 * Stubs for every service of the containerd v1 API, all carrying the same headers. For each
 * service {@code x} there is {@code x()} (blocking; server streams come back as iterators), {@code
 * xFuture()} (unary calls as futures) and {@code xAsync()} (callbacks; needed for client and
 * bidirectional streams such as Content.Write). Immutable; {@link #withNamespace} and {@link
 * #withLease} return new instances.
 */
public final class Stubs {

  private final Channel base;
  private final Metadata headers;
  private final Channel channel;

  Stubs(Channel base) {
    this(base, new Metadata());
  }

  private Stubs(Channel base, Metadata headers) {
    this.base = base;
    this.headers = headers;
    this.channel =
        headers.keys().isEmpty()
            ? base
            : ClientInterceptors.intercept(
                base, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** These stubs with {@code containerd-namespace} set to {@code namespace} (replacing any). */
  public Stubs withNamespace(String namespace) {
    return with(Headers.NAMESPACE_KEY, Objects.requireNonNull(namespace, "namespace"));
  }

  /** These stubs with {@code containerd-lease} set to {@code leaseId} (replacing any). */
  public Stubs withLease(String leaseId) {
    return with(Headers.LEASE_KEY, Objects.requireNonNull(leaseId, "leaseId"));
  }

  /** The namespace these stubs send, if any. */
  public Optional<String> namespace() {
    return Optional.ofNullable(headers.get(Headers.NAMESPACE_KEY));
  }

  /** The lease these stubs send, if any. */
  public Optional<String> lease() {
    return Optional.ofNullable(headers.get(Headers.LEASE_KEY));
  }

  /** The channel with these stubs' headers attached, for stubs of other services. */
  public Channel channel() {
    return channel;
  }

  private Stubs with(Metadata.Key<String> key, String value) {
    Metadata copy = new Metadata();
    copy.merge(headers);
    copy.removeAll(key);
    copy.put(key, value);
    return new Stubs(base, copy);
  }

  // Containers

  public ContainersGrpc.ContainersBlockingStub containers() {
    return ContainersGrpc.newBlockingStub(channel);
  }

  public ContainersGrpc.ContainersFutureStub containersFuture() {
    return ContainersGrpc.newFutureStub(channel);
  }

  public ContainersGrpc.ContainersStub containersAsync() {
    return ContainersGrpc.newStub(channel);
  }

  // Namespaces

  public NamespacesGrpc.NamespacesBlockingStub namespaces() {
    return NamespacesGrpc.newBlockingStub(channel);
  }

  public NamespacesGrpc.NamespacesFutureStub namespacesFuture() {
    return NamespacesGrpc.newFutureStub(channel);
  }

  public NamespacesGrpc.NamespacesStub namespacesAsync() {
    return NamespacesGrpc.newStub(channel);
  }

  // Snapshots

  public SnapshotsGrpc.SnapshotsBlockingStub snapshots() {
    return SnapshotsGrpc.newBlockingStub(channel);
  }

  public SnapshotsGrpc.SnapshotsFutureStub snapshotsFuture() {
    return SnapshotsGrpc.newFutureStub(channel);
  }

  public SnapshotsGrpc.SnapshotsStub snapshotsAsync() {
    return SnapshotsGrpc.newStub(channel);
  }

  // Tasks

  public TasksGrpc.TasksBlockingStub tasks() {
    return TasksGrpc.newBlockingStub(channel);
  }

  public TasksGrpc.TasksFutureStub tasksFuture() {
    return TasksGrpc.newFutureStub(channel);
  }

  public TasksGrpc.TasksStub tasksAsync() {
    return TasksGrpc.newStub(channel);
  }

  // Content

  public ContentGrpc.ContentBlockingStub content() {
    return ContentGrpc.newBlockingStub(channel);
  }

  public ContentGrpc.ContentFutureStub contentFuture() {
    return ContentGrpc.newFutureStub(channel);
  }

  public ContentGrpc.ContentStub contentAsync() {
    return ContentGrpc.newStub(channel);
  }

  // Images

  public ImagesGrpc.ImagesBlockingStub images() {
    return ImagesGrpc.newBlockingStub(channel);
  }

  public ImagesGrpc.ImagesFutureStub imagesFuture() {
    return ImagesGrpc.newFutureStub(channel);
  }

  public ImagesGrpc.ImagesStub imagesAsync() {
    return ImagesGrpc.newStub(channel);
  }

  // Leases

  public LeasesGrpc.LeasesBlockingStub leases() {
    return LeasesGrpc.newBlockingStub(channel);
  }

  public LeasesGrpc.LeasesFutureStub leasesFuture() {
    return LeasesGrpc.newFutureStub(channel);
  }

  public LeasesGrpc.LeasesStub leasesAsync() {
    return LeasesGrpc.newStub(channel);
  }

  // Events

  public EventsGrpc.EventsBlockingStub events() {
    return EventsGrpc.newBlockingStub(channel);
  }

  public EventsGrpc.EventsFutureStub eventsFuture() {
    return EventsGrpc.newFutureStub(channel);
  }

  public EventsGrpc.EventsStub eventsAsync() {
    return EventsGrpc.newStub(channel);
  }

  // Diff

  public DiffGrpc.DiffBlockingStub diff() {
    return DiffGrpc.newBlockingStub(channel);
  }

  public DiffGrpc.DiffFutureStub diffFuture() {
    return DiffGrpc.newFutureStub(channel);
  }

  public DiffGrpc.DiffStub diffAsync() {
    return DiffGrpc.newStub(channel);
  }

  // Introspection

  public IntrospectionGrpc.IntrospectionBlockingStub introspection() {
    return IntrospectionGrpc.newBlockingStub(channel);
  }

  public IntrospectionGrpc.IntrospectionFutureStub introspectionFuture() {
    return IntrospectionGrpc.newFutureStub(channel);
  }

  public IntrospectionGrpc.IntrospectionStub introspectionAsync() {
    return IntrospectionGrpc.newStub(channel);
  }

  // Version

  public VersionGrpc.VersionBlockingStub version() {
    return VersionGrpc.newBlockingStub(channel);
  }

  public VersionGrpc.VersionFutureStub versionFuture() {
    return VersionGrpc.newFutureStub(channel);
  }

  public VersionGrpc.VersionStub versionAsync() {
    return VersionGrpc.newStub(channel);
  }

  // Health

  public HealthGrpc.HealthBlockingStub health() {
    return HealthGrpc.newBlockingStub(channel);
  }

  public HealthGrpc.HealthFutureStub healthFuture() {
    return HealthGrpc.newFutureStub(channel);
  }

  public HealthGrpc.HealthStub healthAsync() {
    return HealthGrpc.newStub(channel);
  }
}
