package io.berth.daemon.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Empty;
import io.berth.api.services.introspection.v1.IntrospectionGrpc;
import io.berth.api.services.introspection.v1.Plugin;
import io.berth.api.services.introspection.v1.PluginsRequest;
import io.berth.daemon.server.StatusInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntrospectionServiceTest {

  @TempDir Path root;
  private Server server;
  private ManagedChannel channel;
  private IntrospectionGrpc.IntrospectionBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    startOn(root);
  }

  private void startOn(Path dir) throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .intercept(new StatusInterceptor())
        .addService(new IntrospectionService(dir, List.of(
            PluginInfo.of(PluginInfo.GRPC, "containers"),
            PluginInfo.of(PluginInfo.GRPC, "version"),
            PluginInfo.of("io.containerd.event.v1", "exchange"))))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = IntrospectionGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private List<String> ids(String... filters) {
    return stub.plugins(PluginsRequest.newBuilder().addAllFilters(List.of(filters)).build())
        .getPluginsList().stream().map(p -> p.getType() + "/" + p.getId()).toList();
  }

  @Test
  void listsEveryPluginWithoutFilters() {
    assertThat(ids()).containsExactly("io.containerd.grpc.v1/containers",
        "io.containerd.grpc.v1/version", "io.containerd.event.v1/exchange");
  }

  @Test
  void filtersOnTypeAndId() {
    assertThat(ids("type==io.containerd.grpc.v1")).hasSize(2);
    assertThat(ids("id==exchange")).containsExactly("io.containerd.event.v1/exchange");
    assertThat(ids("type==io.containerd.grpc.v1,id==version"))
        .containsExactly("io.containerd.grpc.v1/version");
    assertThat(ids("id==version", "id==exchange")).hasSize(2);
    assertThat(ids("id~=^c")).containsExactly("io.containerd.grpc.v1/containers");
    assertThat(ids("platforms")).isEmpty();
  }

  @Test
  void badFilterIsInvalidArgumentWrappedTwiceAsContainerdDoes() {
    Status st = catchThrowableOfType(StatusRuntimeException.class,
        () -> ids("id==")).getStatus();
    assertThat(st.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(st.getDescription()).startsWith("filters: parse error: ")
        .endsWith(": invalid argument: invalid argument");
  }

  @Test
  void pluginFieldsReachTheWire() {
    Plugin p = stub.plugins(PluginsRequest.newBuilder().addFilters("id==containers").build())
        .getPlugins(0);
    assertThat(p.getType()).isEqualTo("io.containerd.grpc.v1");
    assertThat(p.hasInitErr()).isFalse();
  }

  @Test
  void uuidIsCreatedOnceAndKeptAcrossRestarts() throws Exception {
    String first = stub.server(Empty.getDefaultInstance()).getUuid();
    assertThat(UUID.fromString(first).toString()).isEqualTo(first);
    Path file = root.resolve("io.containerd.grpc.v1.introspection/uuid");
    assertThat(Files.readString(file)).isEqualTo(first);
    assertThat(stub.server(Empty.getDefaultInstance()).getUuid()).isEqualTo(first);
    stop();
    startOn(root);
    assertThat(stub.server(Empty.getDefaultInstance()).getUuid()).isEqualTo(first);
  }

  @Test
  void corruptUuidFileIsReported() throws Exception {
    Path file = root.resolve("io.containerd.grpc.v1.introspection/uuid");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "not-a-uuid");
    Status st = catchThrowableOfType(StatusRuntimeException.class,
        () -> stub.server(Empty.getDefaultInstance())).getStatus();
    assertThat(st.getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(st.getDescription()).isEqualTo("invalid UUID in " + file + ": not-a-uuid");
  }
}
