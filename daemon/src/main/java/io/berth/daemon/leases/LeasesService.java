package io.berth.daemon.leases;

import com.google.protobuf.Empty;
import io.berth.api.services.leases.v1.AddResourceRequest;
import io.berth.api.services.leases.v1.CreateRequest;
import io.berth.api.services.leases.v1.CreateResponse;
import io.berth.api.services.leases.v1.DeleteRequest;
import io.berth.api.services.leases.v1.DeleteResourceRequest;
import io.berth.api.services.leases.v1.LeasesGrpc;
import io.berth.api.services.leases.v1.ListRequest;
import io.berth.api.services.leases.v1.ListResourcesRequest;
import io.berth.api.services.leases.v1.ListResourcesResponse;
import io.berth.api.services.leases.v1.ListResponse;
import io.berth.daemon.server.RequestNamespace;
import io.berth.metadata.Lease;
import io.berth.metadata.LeaseResource;
import io.berth.metadata.local.Leases;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/**
 * {@code containerd.services.leases.v1.Leases} over the local {@link Leases}, in the namespace of
 * the call (wired with {@code NamespaceInterceptor.required()}).
 */
public final class LeasesService extends LeasesGrpc.LeasesImplBase {

  private final Leases leases;

  public LeasesService(Leases leases) {
    this.leases = Objects.requireNonNull(leases, "leases");
  }

  @Override
  public void create(CreateRequest request, StreamObserver<CreateResponse> out) {
    Lease l = leases.create(RequestNamespace.current(), request.getId(), request.getLabelsMap());
    out.onNext(CreateResponse.newBuilder().setLease(LeaseMapper.toProto(l)).build());
    out.onCompleted();
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<Empty> out) {
    leases.delete(RequestNamespace.current(), request.getId(), request.getSync());
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void list(ListRequest request, StreamObserver<ListResponse> out) {
    ListResponse.Builder response = ListResponse.newBuilder();
    for (Lease l : leases.list(RequestNamespace.current(), request.getFiltersList())) {
      response.addLeases(LeaseMapper.toProto(l));
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void addResource(AddResourceRequest request, StreamObserver<Empty> out) {
    leases.addResource(RequestNamespace.current(), request.getId(),
        LeaseMapper.fromProto(request.getResource()));
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void deleteResource(DeleteResourceRequest request, StreamObserver<Empty> out) {
    leases.deleteResource(RequestNamespace.current(), request.getId(),
        LeaseMapper.fromProto(request.getResource()));
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void listResources(ListResourcesRequest request,
      StreamObserver<ListResourcesResponse> out) {
    ListResourcesResponse.Builder response = ListResourcesResponse.newBuilder();
    for (LeaseResource r : leases.listResources(RequestNamespace.current(), request.getId())) {
      response.addResources(LeaseMapper.toProto(r));
    }
    out.onNext(response.build());
    out.onCompleted();
  }
}
