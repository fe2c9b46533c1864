package io.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.berth.api.client.BerthClient;
import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.daemon.containers.LargeLists;
import io.berth.daemon.server.CallThread;
import io.berth.daemon.server.NamespaceInterceptor;
import io.berth.metadata.Container;
import io.berth.metadata.TypedValue;
import io.grpc.Metadata;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.introspection.v1.PluginsRequest;
import io.berth.api.services.namespaces.v1.ListNamespacesRequest;
import io.berth.daemon.version.BuildInfo;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berthd's whole service wiring, on an in-process server. */
class GrpcServicesTest {

  @TempDir Path root;

  @Test
  void wiringServesEveryServiceWithItsNamespaceRule() throws Exception {
    String name = InProcessServerBuilder.generateName();
    try (Berth berth = Berth.open(root)) {
      GrpcServices services = GrpcServices.of(berth, new BuildInfo("1.2.3", "abc"));
      InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
      services.addTo(builder);
      Server server = builder.build().start();
      try (BerthClient client = BerthClient.inProcess(name)) {
        HealthCheckRequest all = HealthCheckRequest.getDefaultInstance();
        assertThat(client.stubs().health().check(all).getStatus())
            .isEqualTo(ServingStatus.NOT_SERVING);
        services.serving();
        assertThat(client.stubs().health().check(all).getStatus())
            .isEqualTo(ServingStatus.SERVING);

        assertThat(client.stubs().introspection().plugins(PluginsRequest.getDefaultInstance())
            .getPluginsList()).extracting(p -> p.getType() + "/" + p.getId()).containsSubsequence(
                "io.containerd.event.v1/exchange", "io.containerd.snapshotter.v1/overlayfs",
                "io.containerd.metadata.v1/rocksdb", "io.containerd.grpc.v1/containers",
                "io.containerd.grpc.v1/events", "io.containerd.grpc.v1/healthcheck",
                "io.containerd.grpc.v1/leases", "io.containerd.grpc.v1/namespaces",
                "io.containerd.grpc.v1/snapshots", "io.containerd.grpc.v1/version",
                "io.containerd.grpc.v1/introspection");
        assertThat(client.stubs().version().version(com.google.protobuf.Empty.getDefaultInstance())
            .getRevision()).isEqualTo("abc");
        assertThat(client.stubs().namespaces().list(ListNamespacesRequest.getDefaultInstance())
            .getNamespacesList()).isEmpty();
        Status noNamespace = catchThrowableOfType(StatusRuntimeException.class,
            () -> client.stubs().containers().list(ListContainersRequest.getDefaultInstance()))
            .getStatus();
        assertThat(noNamespace.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);

        services.stopping();
        assertThat(client.stubs().health().check(all).getStatus())
            .isEqualTo(ServingStatus.NOT_SERVING);
      } finally {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void metadataReadsStayOnTheEventLoopWritesGetPlatformThreadsTheRestVirtual() {
    assertThat(GrpcServices.callThread(ContainersGrpc.getGetMethod().getFullMethodName()))
        .isEqualTo(CallThread.EVENT_LOOP);
    assertThat(GrpcServices.callThread(ContainersGrpc.getListMethod().getFullMethodName()))
        .isEqualTo(CallThread.EVENT_LOOP);
    assertThat(GrpcServices.callThread(ContainersGrpc.getCreateMethod().getFullMethodName()))
        .isEqualTo(CallThread.WRITE);
    assertThat(GrpcServices.callThread(ContainersGrpc.getListStreamMethod().getFullMethodName()))
        .isEqualTo(CallThread.VIRTUAL);
    assertThat(GrpcServices.callThread(EventsGrpc.getSubscribeMethod().getFullMethodName()))
        .isEqualTo(CallThread.VIRTUAL);
    assertThat(GrpcServices.callThread(EventsGrpc.getPublishMethod().getFullMethodName()))
        .isEqualTo(CallThread.EVENT_LOOP);
    assertThat(GrpcServices.callThread("no.such.Service/Method")).isEqualTo(CallThread.VIRTUAL);
  }

  @Test
  void aNamespaceWhoseLastListWasLargeListsAsALongRead() throws Exception {
    String name = InProcessServerBuilder.generateName();
    String list = ContainersGrpc.getListMethod().getFullMethodName();
    try (Berth berth = Berth.open(root)) {
      GrpcServices services = GrpcServices.of(berth, new BuildInfo("1.2.3", "abc"));
      InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
      services.addTo(builder);
      Server server = builder.build().start();
      TypedValue spec = new TypedValue("types.containerd.io/opencontainers/runtime-spec/1/Spec",
          "x".repeat(1024).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      int many = LargeLists.LARGE_BYTES / 1024 + 100;
      for (int i = 0; i < many; i++) {
        berth.containers().create("big", Container.builder("c" + i)
            .runtime("io.containerd.runc.v2", null).spec(spec).build());
      }
      berth.containers().create("small", Container.builder("c")
          .runtime("io.containerd.runc.v2", null).spec(spec).build());
      try (BerthClient client = BerthClient.inProcess(name)) {
        assertThat(services.place(list, namespace("big"))).isEqualTo(CallThread.EVENT_LOOP);
        assertThat(client.withNamespace("big").containers()
            .list(ListContainersRequest.getDefaultInstance()).getContainersCount()).isEqualTo(many);
        assertThat(client.withNamespace("small").containers()
            .list(ListContainersRequest.getDefaultInstance()).getContainersCount()).isEqualTo(1);
        assertThat(services.place(list, namespace("big"))).isEqualTo(CallThread.LONG_READ);
        assertThat(services.place(list, namespace("small"))).isEqualTo(CallThread.EVENT_LOOP);
        assertThat(services.place(list, new Metadata())).isEqualTo(CallThread.EVENT_LOOP);
        assertThat(services.place(ContainersGrpc.getGetMethod().getFullMethodName(),
            namespace("big"))).isEqualTo(CallThread.EVENT_LOOP);
        // a filtered list of the big namespace answers little: the next one is back on the loop
        assertThat(client.withNamespace("big").containers().list(ListContainersRequest
            .newBuilder().addFilters("id==c1").build()).getContainersCount()).isEqualTo(1);
        assertThat(services.place(list, namespace("big"))).isEqualTo(CallThread.EVENT_LOOP);
      } finally {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static Metadata namespace(String ns) {
    Metadata headers = new Metadata();
    headers.put(NamespaceInterceptor.HEADER, ns);
    return headers;
  }
}
