package io.berth.daemon;

import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.api.services.leases.v1.LeasesGrpc;
import io.berth.api.services.namespaces.v1.NamespacesGrpc;
import io.berth.daemon.containers.ContainersService;
import io.berth.daemon.containers.LargeLists;
import io.berth.daemon.events.EventsService;
import io.berth.daemon.introspection.IntrospectionService;
import io.berth.daemon.introspection.PluginInfo;
import io.berth.daemon.leases.LeasesService;
import io.berth.daemon.namespaces.NamespacesService;
import io.berth.daemon.server.CallThread;
import io.berth.daemon.server.NamespaceInterceptor;
import io.berth.daemon.server.RequestDecoding;
import io.berth.daemon.server.StatusInterceptor;
import io.berth.daemon.snapshots.SnapshotsService;
import io.berth.daemon.tasks.TasksService;
import io.berth.daemon.version.BuildInfo;
import io.berth.daemon.version.VersionService;
import io.berth.api.services.version.v1.VersionGrpc;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The gRPC face of a {@link Berth}: every service berthd serves, added to a server builder (a
 * unix socket in berthd, in-process in tests), each a thin adapter over the Berth's Java
 * services, with the error mapping installed once around all of them.
 */
public final class GrpcServices {

  private final HealthStatusManager health;
  private final EventsService events;
  private final LargeLists largeLists;
  private final List<ServerServiceDefinition> definitions;

  private GrpcServices(HealthStatusManager health, EventsService events, LargeLists largeLists,
      List<ServerServiceDefinition> definitions) {
    this.health = health;
    this.events = events;
    this.largeLists = largeLists;
    this.definitions = List.copyOf(definitions);
  }

  /** The gRPC services over {@code berth}; health reports NOT_SERVING until {@link #serving()}. */
  public static GrpcServices of(Berth berth, BuildInfo build) {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    EventsService events = new EventsService(berth.events());
    LargeLists largeLists = new LargeLists();

    List<ServerServiceDefinition> services = new ArrayList<>();
    services.add(ServerInterceptors.intercept(
        new ContainersService(berth.containers(), largeLists), NamespaceInterceptor.required()));
    services.add(ServerInterceptors.intercept(events, NamespaceInterceptor.headerOnly()));
    services.add(health.getHealthService().bindService());
    services.add(ServerInterceptors.intercept(
        new LeasesService(berth.leases()), NamespaceInterceptor.required()));
    services.add(ServerInterceptors.intercept(
        new NamespacesService(berth.namespaces()), NamespaceInterceptor.headerOnly()));
    services.add(ServerInterceptors.intercept(
        new SnapshotsService(berth.snapshots()), NamespaceInterceptor.headerOnly()));
    services.add(new VersionService(build).bindService());
    if (berth.hasTasks()) {
      services.add(ServerInterceptors.intercept(
          new TasksService(berth.tasks()), NamespaceInterceptor.required()));
    }

    List<PluginInfo> plugins = new ArrayList<>();
    plugins.add(PluginInfo.of("io.containerd.event.v1", "exchange"));
    for (String snapshotter : berth.snapshots().names()) {
      plugins.add(PluginInfo.of("io.containerd.snapshotter.v1", snapshotter));
    }
    plugins.add(PluginInfo.of("io.containerd.metadata.v1", "rocksdb", "io.containerd.event.v1"));
    for (ServerServiceDefinition s : services) {
      plugins.add(PluginInfo.of(PluginInfo.GRPC, pluginId(s.getServiceDescriptor().getName()),
          "io.containerd.metadata.v1"));
    }
    plugins.add(PluginInfo.of(PluginInfo.GRPC, "introspection"));
    services.add(new IntrospectionService(berth.root(), plugins).bindService());
    return new GrpcServices(health, events, largeLists, services);
  }

  /**
   * Calls served on the event loop: short reads of the metadata store (no lock, no sync), and
   * event Publish and Forward, which only hand the envelope to the subscribers' queues (a brief
   * lock, never a wait for a subscriber).
   */
  private static final Set<String> ON_EVENT_LOOP = Set.of(
      EventsGrpc.getPublishMethod().getFullMethodName(),
      EventsGrpc.getForwardMethod().getFullMethodName(),
      ContainersGrpc.getGetMethod().getFullMethodName(),
      ContainersGrpc.getListMethod().getFullMethodName(),
      NamespacesGrpc.getGetMethod().getFullMethodName(),
      NamespacesGrpc.getListMethod().getFullMethodName(),
      LeasesGrpc.getListMethod().getFullMethodName(),
      VersionGrpc.getVersionMethod().getFullMethodName(),
      HealthGrpc.getCheckMethod().getFullMethodName());

  /** Metadata writes: one short synced RocksDB write each, blocking in native code. */
  private static final Set<String> WRITES = Set.of(
      ContainersGrpc.getCreateMethod().getFullMethodName(),
      ContainersGrpc.getUpdateMethod().getFullMethodName(),
      ContainersGrpc.getDeleteMethod().getFullMethodName(),
      NamespacesGrpc.getCreateMethod().getFullMethodName(),
      NamespacesGrpc.getUpdateMethod().getFullMethodName(),
      NamespacesGrpc.getDeleteMethod().getFullMethodName(),
      LeasesGrpc.getCreateMethod().getFullMethodName(),
      LeasesGrpc.getDeleteMethod().getFullMethodName(),
      LeasesGrpc.getAddResourceMethod().getFullMethodName(),
      LeasesGrpc.getDeleteResourceMethod().getFullMethodName());

  /**
   * Where berthd runs a call of the method (full name): metadata reads and event publishing on
   * the event loop, metadata writes as {@link CallThread#WRITE}, everything else (streams,
   * snapshots, tasks, event subscriptions) on a virtual thread.
   */
  public static CallThread callThread(String fullMethodName) {
    if (ON_EVENT_LOOP.contains(fullMethodName)) {
      return CallThread.EVENT_LOOP;
    }
    return WRITES.contains(fullMethodName) ? CallThread.WRITE : CallThread.VIRTUAL;
  }

  /**
   * Where berthd runs a call: as {@link #callThread(String)}, except that Containers.List of a
   * namespace whose last list answer was large ({@link LargeLists}) is a
   * {@link CallThread#LONG_READ}.
   */
  public CallThread place(String fullMethodName, Metadata headers) {
    CallThread byMethod = callThread(fullMethodName);
    if (byMethod == CallThread.EVENT_LOOP && fullMethodName.equals(LIST)) {
      String namespace = headers.get(NamespaceInterceptor.HEADER);
      if (namespace != null && largeLists.isLarge(namespace)) {
        return CallThread.LONG_READ;
      }
    }
    return byMethod;
  }

  private static final String LIST = ContainersGrpc.getListMethod().getFullMethodName();

  /** Adds every service to {@code builder}, with the error mapping around all of them. */
  public void addTo(ServerBuilder<?> builder) {
    builder.intercept(new StatusInterceptor());
    definitions.forEach(s -> builder.addService(RequestDecoding.inChain(s)));
  }

  /** containerd's plugin id of a service: {@code containerd.services.<id>.v1.X}. */
  static String pluginId(String serviceName) {
    if (serviceName.equals("grpc.health.v1.Health")) {
      return "healthcheck";
    }
    String prefix = "containerd.services.";
    if (serviceName.startsWith(prefix)) {
      String rest = serviceName.substring(prefix.length());
      return rest.substring(0, rest.indexOf('.'));
    }
    return serviceName;
  }

  /** Reports the server SERVING to health checks. */
  public void serving() {
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
  }

  /** Reports NOT_SERVING from now on and ends event streams, for the shutdown. */
  public void stopping() {
    health.enterTerminalState();
    events.endStreams();
  }
}
