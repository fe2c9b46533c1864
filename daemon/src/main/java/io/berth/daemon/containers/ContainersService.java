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
import io.berth.metadata.Container;
import io.berth.metadata.local.Containers;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;

/**
 * {@code containerd.services.containers.v1.Containers} over the local {@link Containers}, in the
 * namespace of the call (wired with {@code NamespaceInterceptor.required()}).
 */
public final class ContainersService extends ContainersGrpc.ContainersImplBase {

  private final Containers containers;

  public ContainersService(Containers containers) {
    this.containers = Objects.requireNonNull(containers, "containers");
  }

  @Override
  public void get(GetContainerRequest request, StreamObserver<GetContainerResponse> out) {
    Container c = containers.get(RequestNamespace.current(), request.getId());
    out.onNext(GetContainerResponse.newBuilder().setContainer(ContainerMapper.toProto(c)).build());
    out.onCompleted();
  }

  @Override
  public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> out) {
    ListContainersResponse.Builder response = ListContainersResponse.newBuilder();
    for (Container c : containers.list(RequestNamespace.current(), request.getFiltersList())) {
      response.addContainers(ContainerMapper.toProto(c));
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  /** One message per container; stops early when the client goes away. */
  @Override
  public void listStream(ListContainersRequest request, StreamObserver<ListContainerMessage> out) {
    List<Container> found = containers.list(RequestNamespace.current(), request.getFiltersList());
    ServerCallStreamObserver<ListContainerMessage> call =
        (ServerCallStreamObserver<ListContainerMessage>) out;
    for (Container c : found) {
      if (call.isCancelled()) {
        return;
      }
      out.onNext(ListContainerMessage.newBuilder().setContainer(ContainerMapper.toProto(c))
          .build());
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
