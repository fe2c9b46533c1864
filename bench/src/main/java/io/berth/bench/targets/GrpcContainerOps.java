package io.berth.bench.targets;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.berth.api.client.BerthClient;
import io.berth.api.client.Stubs;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link ContainerOps} over one gRPC connection: what any containerd client sends. Calls are
 * asynchronous (grpc-java's async call API), so that an event-loop channel can carry the calls of
 * many callers on one thread.
 */
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

  /** Containers.List answered as a count ({@link ContainerCount}): the wire is the same. */
  private static final MethodDescriptor<ListContainersRequest, Integer> LIST_COUNT =
      ContainersGrpc.getListMethod().toBuilder(
          ContainersGrpc.getListMethod().getRequestMarshaller(), ContainerCount.INSTANCE).build();

  private final BerthClient client;
  private final Map<String, Stubs> byNamespace = new ConcurrentHashMap<>();

  GrpcContainerOps(BerthClient client) {
    this.client = client;
  }

  /** The stubs that send {@code namespace}'s header, made once per namespace. */
  private Stubs stubs(String namespace) {
    return byNamespace.computeIfAbsent(namespace, client::withNamespace);
  }

  /** Starts a unary call in {@code namespace}; the stage completes with its answer. */
  private <Q, R> CompletionStage<R> call(String namespace, MethodDescriptor<Q, R> method,
      Q request) {
    CompletableFuture<R> answer = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(stubs(namespace).channel().newCall(method,
            CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)),
        request, new StreamObserver<R>() {
          private R value;

          @Override
          public void onNext(R r) {
            value = r;
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            answer.complete(value);
          }
        });
    return answer;
  }

  @Override
  public CompletionStage<?> create(String namespace, String id, Map<String, String> labels) {
    return call(namespace, ContainersGrpc.getCreateMethod(), CreateContainerRequest.newBuilder()
        .setContainer(Container.newBuilder()
            .setId(id)
            .putAllLabels(labels)
            .setRuntime(RUNTIME)
            .setSpec(SPEC))
        .build());
  }

  @Override
  public CompletionStage<?> get(String namespace, String id) {
    return call(namespace, ContainersGrpc.getGetMethod(),
        GetContainerRequest.newBuilder().setId(id).build());
  }

  @Override
  public CompletionStage<?> setLabel(String namespace, String id, String key, String value) {
    return call(namespace, ContainersGrpc.getUpdateMethod(), UpdateContainerRequest.newBuilder()
        .setContainer(Container.newBuilder().setId(id).putLabels(key, value))
        .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + key))
        .build());
  }

  @Override
  public CompletionStage<Integer> list(String namespace, String filter) {
    ListContainersRequest.Builder req = ListContainersRequest.newBuilder();
    if (!filter.isEmpty()) {
      req.addFilters(filter);
    }
    return call(namespace, LIST_COUNT, req.build());
  }

  @Override
  public CompletionStage<?> delete(String namespace, String id) {
    return call(namespace, ContainersGrpc.getDeleteMethod(),
        DeleteContainerRequest.newBuilder().setId(id).build());
  }

  @Override
  public void deleteNamespace(String namespace) {
    client.stubs().namespaces().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .delete(DeleteNamespaceRequest.newBuilder().setName(namespace).build());
  }
}
