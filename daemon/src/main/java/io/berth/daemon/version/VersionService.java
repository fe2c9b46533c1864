package io.berth.daemon.version;

import com.google.protobuf.Empty;
import io.berth.api.services.version.v1.VersionGrpc;
import io.berth.api.services.version.v1.VersionResponse;
import io.grpc.stub.StreamObserver;
import java.util.Objects;

/** {@code containerd.services.version.v1.Version}: Berth's version and revision. */
public final class VersionService extends VersionGrpc.VersionImplBase {

  private final VersionResponse response;

  public VersionService(BuildInfo build) {
    Objects.requireNonNull(build, "build");
    this.response = VersionResponse.newBuilder()
        .setVersion(build.version())
        .setRevision(build.revision())
        .build();
  }

  @Override
  public void version(Empty request, StreamObserver<VersionResponse> out) {
    out.onNext(response);
    out.onCompleted();
  }
}
