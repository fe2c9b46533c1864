package io.berth.daemon.containers;

import com.google.protobuf.Empty;
import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.CreateContainerResponse;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.GetContainerResponse;
import io.berth.api.services.containers.v1.ListContainerMessage;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.ListContainersResponse;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.containers.v1.UpdateContainerResponse;
import io.berth.daemon.server.RequestNamespace;
import io.berth.daemon.wire.EncodedMessage;
import io.berth.metadata.Container;
import io.berth.metadata.local.Containers;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code containerd.services.containers.v1.Containers} over the local {@link Containers}, in the
 * namespace of the call (wired with {@code NamespaceInterceptor.required()}).
 */
public final class ContainersService implements ContainersGrpc.AsyncService, BindableService {

  private final Containers containers;
  private final LargeLists largeLists;

  /** @param largeLists where each List answer's size is recorded, for placing the next one */
  public ContainersService(Containers containers, LargeLists largeLists) {
    this.containers = Objects.requireNonNull(containers, "containers");
    this.largeLists = Objects.requireNonNull(largeLists, "largeLists");
  }

  /**
   * The generated service with Get, List and ListStream answered from the stored bytes: each
   * container is re-encoded from its record ({@link Containers#getEmbedded}) and sent inside the
   * response without building message objects. The wire is the same as the generated
   * methods' (their request types, response encodings and status codes).
   */
  @Override
  public ServerServiceDefinition bindService() {
    ServerServiceDefinition generated = ContainersGrpc.bindService(this);
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(ContainersGrpc.SERVICE_NAME);
    for (ServerMethodDefinition<?, ?> m : generated.getMethods()) {
      if (!ENCODED.contains(m.getMethodDescriptor().getFullMethodName())) {
        service.addMethod(m);
      }
    }
    service.addMethod(encoded(ContainersGrpc.getGetMethod()),
        ServerCalls.asyncUnaryCall(this::getEncoded));
    service.addMethod(encoded(ContainersGrpc.getListMethod()),
        ServerCalls.asyncUnaryCall(this::listEncoded));
    service.addMethod(encoded(ContainersGrpc.getListStreamMethod()),
        ServerCalls.asyncServerStreamingCall(this::listStreamEncoded));
    return service.build();
  }

  private static final Set<String> ENCODED = Set.of(
      ContainersGrpc.getGetMethod().getFullMethodName(),
      ContainersGrpc.getListMethod().getFullMethodName(),
      ContainersGrpc.getListStreamMethod().getFullMethodName());

  /** {@code method} sending an {@link EncodedMessage} in place of its response type. */
  private static <Q> MethodDescriptor<Q, EncodedMessage> encoded(MethodDescriptor<Q, ?> method) {
    return method.toBuilder(method.getRequestMarshaller(), EncodedMessage.MARSHALLER).build();
  }

  /** GetContainerResponse{container}. */
  private void getEncoded(GetContainerRequest request, StreamObserver<EncodedMessage> out) {
    out.onNext(EncodedMessage.of(containers.getEmbedded(RequestNamespace.current(),
        request.getId(), GetContainerResponse.CONTAINER_FIELD_NUMBER)));
    out.onCompleted();
  }

  /**
   * ListContainersResponse{containers...}, sent from blocks that the store lends for the list and
   * reuses for later ones: grpc-java's ServerCall.sendMessage drains the message's stream into the
   * transport's buffers before onNext returns, so the blocks are free again afterwards.
   */
  private void listEncoded(ListContainersRequest request, StreamObserver<EncodedMessage> out) {
    String namespace = RequestNamespace.current();
    containers.listEmbedded(namespace, request.getFiltersList(),
        ListContainersResponse.CONTAINERS_FIELD_NUMBER, bytes -> {
          largeLists.answered(namespace, bytes.size());
          out.onNext(EncodedMessage.of(bytes));
        });
    out.onCompleted();
  }

  /** One ListContainerMessage{container} per container; stops early when the client goes away. */
  private void listStreamEncoded(ListContainersRequest request,
      StreamObserver<EncodedMessage> out) {
    List<EncodedMessage> found = EncodedMessage.eachField(containers.listEmbedded(
        RequestNamespace.current(), request.getFiltersList(),
        ListContainerMessage.CONTAINER_FIELD_NUMBER));
    ServerCallStreamObserver<EncodedMessage> call = (ServerCallStreamObserver<EncodedMessage>) out;
    for (EncodedMessage m : found) {
      if (call.isCancelled()) {
        return;
      }
      out.onNext(m);
    }
    out.onCompleted();
  }

  @Override
  public void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> out) {
    Container c = containers.create(RequestNamespace.current(),
        ContainerMapper.fromProto(request.getContainer()));
    out.onNext(CreateContainerResponse.newBuilder().setContainer(ContainerMapper.toProto(c))
        .build());
    out.onCompleted();
  }

  @Override
  public void update(UpdateContainerRequest request, StreamObserver<UpdateContainerResponse> out) {
    if (request.getContainer().getId().isEmpty()) {
      // containerd answers this one with a bare status: no ": invalid argument" suffix.
      throw Status.INVALID_ARGUMENT.withDescription("Container.ID required").asRuntimeException();
    }
    List<String> paths =
        request.hasUpdateMask() ? request.getUpdateMask().getPathsList() : List.of();
    Container c = containers.update(RequestNamespace.current(),
        ContainerMapper.fromProto(request.getContainer()), paths);
    out.onNext(UpdateContainerResponse.newBuilder().setContainer(ContainerMapper.toProto(c))
        .build());
    out.onCompleted();
  }

  @Override
  public void delete(DeleteContainerRequest request, StreamObserver<Empty> out) {
    containers.delete(RequestNamespace.current(), request.getId());
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }
}
