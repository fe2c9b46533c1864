package io.berth.bench.targets;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.berth.api.client.BerthClient;
import io.berth.api.client.Stubs;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.containers.v1.ContainersGrpc.ContainersBlockingStub;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@link ContainerOps} over one gRPC connection: what any containerd client sends. */
final class GrpcContainerOps implements ContainerOps {

  private static final long DEADLINE_SECONDS = 120;

  private static final Any SPEC = Any.newBuilder()
      .setTypeUrl(ContainerShape.SPEC_TYPE_URL)
      .setValue(ByteString.copyFrom(ContainerShape.spec()))
      .build();

  private static final Container.Runtime RUNTIME = Container.Runtime.newBuilder()
      .setName(ContainerShape.RUNTIME)
      .setOptions(Any.newBuilder().setTypeUrl(ContainerShape.RUNC_OPTIONS_TYPE_URL))
      .build();

  private final BerthClient client;
  private final Map<String, Stubs> byNamespace = new ConcurrentHashMap<>();

  GrpcContainerOps(BerthClient client) {
    this.client = client;
  }

  /** The stubs that send {@code namespace}'s header, made once per namespace. */
  private Stubs stubs(String namespace) {
    return byNamespace.computeIfAbsent(namespace, client::withNamespace);
  }

  private ContainersBlockingStub containers(String namespace) {
    return stubs(namespace).containers().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void create(String namespace, String id, Map<String, String> labels) {
    containers(namespace).create(CreateContainerRequest.newBuilder()
        .setContainer(Container.newBuilder()
            .setId(id)
            .putAllLabels(labels)
            .setRuntime(RUNTIME)
            .setSpec(SPEC))
        .build());
  }

  @Override
  public void get(String namespace, String id) {
    containers(namespace).get(GetContainerRequest.newBuilder().setId(id).build());
  }

  @Override
  public void setLabel(String namespace, String id, String key, String value) {
    containers(namespace).update(UpdateContainerRequest.newBuilder()
        .setContainer(Container.newBuilder().setId(id).putLabels(key, value))
        .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + key))
        .build());
  }

  /** Containers.List answered as a count ({@link ContainerCount}): the wire is the same. */
  private static final MethodDescriptor<ListContainersRequest, Integer> LIST_COUNT =
      ContainersGrpc.getListMethod().toBuilder(
          ContainersGrpc.getListMethod().getRequestMarshaller(), ContainerCount.INSTANCE).build();

  @Override
  public int list(String namespace, String filter) {
    ListContainersRequest.Builder req = ListContainersRequest.newBuilder();
    if (!filter.isEmpty()) {
      req.addFilters(filter);
    }
    return ClientCalls.blockingUnaryCall(stubs(namespace).channel(), LIST_COUNT,
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS), req.build());
  }

  @Override
  public void delete(String namespace, String id) {
    containers(namespace).delete(DeleteContainerRequest.newBuilder().setId(id).build());
  }

  @Override
  public void deleteNamespace(String namespace) {
    client.stubs().namespaces().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .delete(DeleteNamespaceRequest.newBuilder().setName(namespace).build());
  }
}
