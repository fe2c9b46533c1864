package io.berth.daemon.namespaces;

import com.google.protobuf.Empty;
import io.berth.api.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.api.services.namespaces.v1.CreateNamespaceResponse;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.api.services.namespaces.v1.GetNamespaceRequest;
import io.berth.api.services.namespaces.v1.GetNamespaceResponse;
import io.berth.api.services.namespaces.v1.ListNamespacesRequest;
import io.berth.api.services.namespaces.v1.ListNamespacesResponse;
import io.berth.api.services.namespaces.v1.Namespace;
import io.berth.api.services.namespaces.v1.NamespacesGrpc;
import io.berth.api.services.namespaces.v1.UpdateNamespaceRequest;
import io.berth.api.services.namespaces.v1.UpdateNamespaceResponse;
import io.berth.daemon.server.RequestNamespace;
import io.berth.metadata.local.Namespaces;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;

/**
 * {@code containerd.services.namespaces.v1.Namespaces} over the local {@link Namespaces}. Wired
 * with {@code NamespaceInterceptor.headerOnly()}: the call's own namespace header only says where
 * the namespace events are published.
 */
public final class NamespacesService extends NamespacesGrpc.NamespacesImplBase {

  private final Namespaces namespaces;

  public NamespacesService(Namespaces namespaces) {
    this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
  }

  @Override
  public void get(GetNamespaceRequest request, StreamObserver<GetNamespaceResponse> out) {
    io.berth.metadata.Namespace ns = namespaces.get(request.getName());
    out.onNext(GetNamespaceResponse.newBuilder()
        .setNamespace(NamespaceMapper.toProto(ns)).build());
    out.onCompleted();
  }

  @Override
  public void list(ListNamespacesRequest request, StreamObserver<ListNamespacesResponse> out) {
    ListNamespacesResponse.Builder response = ListNamespacesResponse.newBuilder();
    for (io.berth.metadata.Namespace ns : namespaces.list()) {
      response.addNamespaces(NamespaceMapper.toProto(ns));
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  /** Answers with the namespace as requested, as containerd does. */
  @Override
  public void create(CreateNamespaceRequest request, StreamObserver<CreateNamespaceResponse> out) {
    namespaces.create(RequestNamespace.header(), NamespaceMapper.fromProto(request.getNamespace()));
    out.onNext(CreateNamespaceResponse.newBuilder().setNamespace(request.getNamespace()).build());
    out.onCompleted();
  }

  /** Answers with an empty namespace, as containerd does. */
  @Override
  public void update(UpdateNamespaceRequest request, StreamObserver<UpdateNamespaceResponse> out) {
    List<String> paths = request.hasUpdateMask() ? request.getUpdateMask().getPathsList() : List.of();
    namespaces.update(RequestNamespace.header(), NamespaceMapper.fromProto(request.getNamespace()),
        paths);
    out.onNext(UpdateNamespaceResponse.newBuilder()
        .setNamespace(Namespace.getDefaultInstance()).build());
    out.onCompleted();
  }

  @Override
  public void delete(DeleteNamespaceRequest request, StreamObserver<Empty> out) {
    namespaces.delete(request.getName());
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }
}
