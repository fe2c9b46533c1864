package io.berth.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Empty;
import io.berth.api.errors.NotFoundException;
import io.berth.api.services.version.v1.VersionGrpc;
import io.berth.api.services.version.v1.VersionResponse;
import io.grpc.Metadata;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The namespace header rules and the error mapping, on a stand-in service (the Version method
 * descriptor) whose behaviour each test chooses.
 */
class InterceptorsTest {

  private static ServerServiceDefinition service(
      BiConsumer<Empty, StreamObserver<VersionResponse>> body) {
    return ServerServiceDefinition.builder(VersionGrpc.SERVICE_NAME)
        .addMethod(VersionGrpc.getVersionMethod(), ServerCalls.asyncUnaryCall(body::accept))
        .build();
  }

  private static final ServerServiceDefinition ECHO_NAMESPACE = ServerInterceptors.intercept(
      service((req, out) -> {
        out.onNext(VersionResponse.newBuilder().setVersion(RequestNamespace.current()).build());
        out.onCompleted();
      }),
      NamespaceInterceptor.required());

  private static VersionGrpc.VersionBlockingStub stub(TestServer s, String... namespaces) {
    Metadata h = new Metadata();
    for (String ns : namespaces) {
      h.put(NamespaceInterceptor.HEADER, ns);
    }
    return VersionGrpc.newBlockingStub(s.channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
  }

  private static Status fail(VersionGrpc.VersionBlockingStub stub) {
    return catchThrowableOfType(StatusRuntimeException.class,
        () -> stub.version(Empty.getDefaultInstance())).getStatus();
  }

  @Test
  void namespaceReachesTheService() throws Exception {
    try (TestServer s = new TestServer(ECHO_NAMESPACE)) {
      assertThat(stub(s, "ns-1.a_b").version(Empty.getDefaultInstance()).getVersion())
          .isEqualTo("ns-1.a_b");
    }
  }

  @Test
  void firstHeaderValueCounts() throws Exception {
    try (TestServer s = new TestServer(ECHO_NAMESPACE)) {
      assertThat(stub(s, "first", "second").version(Empty.getDefaultInstance()).getVersion())
          .isEqualTo("first");
    }
  }

  @Test
  void missingNamespaceIsFailedPrecondition() throws Exception {
    try (TestServer s = new TestServer(ECHO_NAMESPACE)) {
      for (Status st : new Status[] {fail(stub(s)), fail(stub(s, ""))}) {
        assertThat(st.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(st.getDescription()).isEqualTo("namespace is required: failed precondition");
      }
    }
  }

  @Test
  void malformedNamespaceIsInvalidArgument() throws Exception {
    try (TestServer s = new TestServer(ECHO_NAMESPACE)) {
      Status st = fail(stub(s, "a/b"));
      assertThat(st.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(st.getDescription()).isEqualTo("namespace validation: identifier \"a/b\" must "
          + "match ^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$: invalid argument");
      Status tooLong = fail(stub(s, "x".repeat(77)));
      assertThat(tooLong.getDescription()).isEqualTo("namespace validation: identifier \""
          + "x".repeat(77) + "\" greater than maximum length (76 characters): invalid argument");
    }
  }

  @Test
  void headerOnlyPassesTheHeaderAsSent() throws Exception {
    ServerServiceDefinition def = ServerInterceptors.intercept(
        service((req, out) -> {
          out.onNext(VersionResponse.newBuilder().setVersion("[" + RequestNamespace.header() + "]")
              .build());
          out.onCompleted();
        }),
        NamespaceInterceptor.headerOnly());
    try (TestServer s = new TestServer(def)) {
      assertThat(stub(s).version(Empty.getDefaultInstance()).getVersion()).isEqualTo("[]");
      assertThat(stub(s, "a/b", "c").version(Empty.getDefaultInstance()).getVersion())
          .isEqualTo("[a/b]");
    }
  }

  @Test
  void thrownBerthErrorKeepsClassAndText() throws Exception {
    try (TestServer s = new TestServer(service((req, out) -> {
      throw new NotFoundException("container \"x\"");
    }))) {
      Status st = fail(stub(s));
      assertThat(st.getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(st.getDescription()).isEqualTo("container \"x\": not found");
    }
  }

  @Test
  void berthErrorPassedToOnErrorKeepsClassAndText() throws Exception {
    try (TestServer s = new TestServer(service((req, out) ->
        out.onError(new NotFoundException("lease \"l\""))))) {
      Status st = fail(stub(s));
      assertThat(st.getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(st.getDescription()).isEqualTo("lease \"l\": not found");
    }
  }

  @Test
  void unexpectedExceptionIsUnknownWithItsMessage() throws Exception {
    try (TestServer s = new TestServer(service((req, out) -> {
      throw new IllegalStateException("disk on fire");
    }))) {
      Status st = fail(stub(s));
      assertThat(st.getCode()).isEqualTo(Status.Code.UNKNOWN);
      assertThat(st.getDescription()).isEqualTo("disk on fire");
    }
  }

  @Test
  void explicitStatusPassesUnchanged() throws Exception {
    try (TestServer s = new TestServer(service((req, out) ->
        out.onError(Status.ABORTED.withDescription("as sent").asRuntimeException())))) {
      Status st = fail(stub(s));
      assertThat(st.getCode()).isEqualTo(Status.Code.ABORTED);
      assertThat(st.getDescription()).isEqualTo("as sent");
    }
  }
}
