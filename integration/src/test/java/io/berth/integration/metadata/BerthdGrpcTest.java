package io.berth.integration.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import io.berth.api.anys.Anys;
import io.berth.api.client.BerthClient;
import io.berth.api.client.Stubs;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainerMessage;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.leases.v1.ListRequest;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.api.services.namespaces.v1.GetNamespaceRequest;
import io.berth.integration.harness.Berthd;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java client against a real berthd process: header rules, ListStream, Update, health. */
class BerthdGrpcTest {

  private static final String IDENTIFIER_RULE = "^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$";

  private static Berthd berthd;
  private static BerthClient client;

  @BeforeAll
  static void start() {
    berthd = new Berthd();
    berthd.start();
    client = BerthClient.connect(berthd.socket());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (berthd != null) {
      berthd.close();
    }
  }

  private static Status status(Supplier<?> call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::get).getStatus();
  }

  private static Container container(String id) {
    return Container.newBuilder()
        .setId(id)
        .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
        .setSpec(Anys.pack(Anys.OCI_SPEC, "{}".getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  @Test
  void healthIsServing() {
    assertThat(client.stubs().health().check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(status(() -> client.stubs().health()
        .check(HealthCheckRequest.newBuilder().setService("nope").build())).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void namespacedServicesNeedAValidHeader() {
    for (Supplier<?> call : List.<Supplier<?>>of(
        () -> client.stubs().containers().list(ListContainersRequest.getDefaultInstance()),
        () -> client.stubs().leases().list(ListRequest.getDefaultInstance()),
        () -> client.withNamespace("").containers().get(
            GetContainerRequest.newBuilder().setId("x").build()))) {
      Status st = status(call);
      assertThat(st.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(st.getDescription()).isEqualTo("namespace is required: failed precondition");
    }
    Status bad = status(() -> client.withNamespace("a/b").containers()
        .list(ListContainersRequest.getDefaultInstance()));
    assertThat(bad.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(bad.getDescription()).isEqualTo(
        "namespace validation: identifier \"a/b\" must match " + IDENTIFIER_RULE
            + ": invalid argument");
    Status tooLong = status(() -> client.withNamespace("n".repeat(77)).leases()
        .list(ListRequest.getDefaultInstance()));
    assertThat(tooLong.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooLong.getDescription()).startsWith("namespace validation: identifier \"nnn")
        .endsWith("greater than maximum length (76 characters): invalid argument");
  }

  @Test
  void unnamespacedServicesNeedNoHeader() {
    assertThat(client.stubs().version().version(Empty.getDefaultInstance()).getVersion())
        .isNotEmpty();
    assertThat(client.stubs().introspection().server(Empty.getDefaultInstance()).getUuid())
        .hasSize(36);
    // A namespace that does not exist answers with empty labels, as containerd.
    assertThat(client.stubs().namespaces()
        .get(GetNamespaceRequest.newBuilder().setName("never-made").build())
        .getNamespace().getLabelsMap()).isEmpty();
  }

  @Test
  void listStreamGivesWhatListGives() {
    Stubs ns = client.withNamespace("grpc-ls");
    List<String> ids = List.of("b", "a", "c.1", "c-2", "d_3");
    for (String id : ids) {
      ns.containers().create(CreateContainerRequest.newBuilder()
          .setContainer(container(id).toBuilder().putLabels("group", id.startsWith("c")
              ? "c" : "other")).build());
    }
    try {
      for (List<String> filters : List.of(List.<String>of(), List.of("labels.group==c"),
          List.of("id==a", "id==b"), List.of("id==none"))) {
        ListContainersRequest req = ListContainersRequest.newBuilder().addAllFilters(filters)
            .build();
        List<Container> listed = ns.containers().list(req).getContainersList();
        List<Container> streamed = new ArrayList<>();
        Iterator<ListContainerMessage> it = ns.containers().listStream(req);
        it.forEachRemaining(m -> streamed.add(m.getContainer()));
        assertThat(streamed).as("filters %s", filters).isEqualTo(listed);
      }
      List<String> all = ns.containers().list(ListContainersRequest.getDefaultInstance())
          .getContainersList().stream().map(Container::getId).toList();
      assertThat(all).containsExactly("a", "b", "c-2", "c.1", "d_3");
      Status bad = status(() -> ns.containers().listStream(
          ListContainersRequest.newBuilder().addFilters("id==").build()).hasNext());
      assertThat(bad.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(bad.getDescription()).startsWith("filters: parse error: [id==]");
    } finally {
      for (String id : ids) {
        ns.containers().delete(DeleteContainerRequest.newBuilder().setId(id).build());
      }
      client.stubs().namespaces().delete(
          DeleteNamespaceRequest.newBuilder().setName("grpc-ls").build());
    }
  }

  /**
   * Lists of a namespace whose last answer was large are long reads: when several run at once,
   * all but one run on berthd's pool of read threads. They give the same answer as the first.
   */
  @Test
  void largeListsFromThePoolGiveTheSameAnswer() throws Exception {
    Stubs ns = client.withNamespace("grpc-large");
    byte[] spec = ("{\"pad\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
    int count = 2_300; // ~1.1 KB each: past berthd's 2 MiB mark of a large list
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("c-" + i);
      ns.containers().create(CreateContainerRequest.newBuilder().setContainer(
          container("c-" + i).toBuilder().setSpec(Anys.pack(Anys.OCI_SPEC, spec))).build());
    }
    try {
      ListContainersRequest all = ListContainersRequest.getDefaultInstance();
      List<Container> first = ns.containers().list(all).getContainersList();
      assertThat(first).hasSize(count);
      List<java.util.concurrent.Future<List<Container>>> later = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
        for (int i = 0; i < 6; i++) {
          later.add(pool.submit(() -> ns.containers().list(all).getContainersList()));
        }
        for (var f : later) {
          assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(first);
        }
      }
    } finally {
      for (String id : ids) {
        ns.containers().delete(DeleteContainerRequest.newBuilder().setId(id).build());
      }
      client.stubs().namespaces().delete(
          DeleteNamespaceRequest.newBuilder().setName("grpc-large").build());
    }
  }

  @Test
  void updateFollowsFieldPathsAndGetSeesIt() {
    Stubs ns = client.withNamespace("grpc-up");
    Container created = ns.containers().create(CreateContainerRequest.newBuilder()
        .setContainer(container("u1").toBuilder().putLabels("keep", "1").putLabels("drop", "2")
            .putLabels("a.b", "3"))
        .build()).getContainer();
    try {
      Container change = Container.newBuilder()
          .setId("u1")
          .putLabels("new", "n")
          .putLabels("a.b", "changed")
          .setImage("docker.io/library/busybox:latest")
          .setSnapshotKey("ignored-key")
          .putExtensions("ext", Any.newBuilder().setTypeUrl("x.Ext")
              .setValue(ByteString.copyFromUtf8("v")).build())
          .build();
      Container updated = update(ns, change, "labels.new", "labels.drop", "labels.a.b", "image",
          "extensions.ext");
      Container got = ns.containers().get(GetContainerRequest.newBuilder().setId("u1").build())
          .getContainer();
      assertThat(got).isEqualTo(updated);
      assertThat(got.getLabelsMap()).containsOnly(
          java.util.Map.entry("keep", "1"), java.util.Map.entry("new", "n"),
          java.util.Map.entry("a.b", "changed"));
      assertThat(got.getImage()).isEqualTo("docker.io/library/busybox:latest");
      assertThat(got.getSnapshotKey()).isEmpty();
      assertThat(got.getExtensionsMap()).containsKey("ext");
      assertThat(got.getRuntime().getName()).isEqualTo("io.containerd.runc.v2");
      assertThat(got.getCreatedAt()).isEqualTo(created.getCreatedAt());
      assertThat(com.google.protobuf.util.Timestamps.compare(got.getUpdatedAt(),
          got.getCreatedAt())).isPositive();

      Container replaced = update(ns, Container.newBuilder().setId("u1")
          .putLabels("only", "this").build(), "labels");
      assertThat(replaced.getLabelsMap()).containsOnlyKeys("only");

      Status immutable = status(() -> update(ns, Container.newBuilder().setId("u1").build(),
          "runtime"));
      assertThat(immutable.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(immutable.getDescription())
          .isEqualTo("cannot update \"runtime\" field on \"u1\": invalid argument");

      Status fullReplace = status(() -> update(ns, Container.newBuilder().setId("u1").build()));
      assertThat(fullReplace.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(fullReplace.getDescription())
          .isEqualTo("container.Runtime.Name field is immutable: invalid argument");

      Status noId = status(() -> update(ns, Container.getDefaultInstance(), "labels"));
      assertThat(noId.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(noId.getDescription()).isEqualTo("Container.ID required");

      Status missing = status(() -> update(ns, Container.newBuilder().setId("nope").build(),
          "labels"));
      assertThat(missing.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    } finally {
      ns.containers().delete(DeleteContainerRequest.newBuilder().setId("u1").build());
      client.stubs().namespaces().delete(
          DeleteNamespaceRequest.newBuilder().setName("grpc-up").build());
    }
  }

  @Test
  void messagesUpTo16MiBAreAccepted() {
    Stubs ns = client.withNamespace("grpc-big");
    byte[] spec = new byte[8 << 20];
    java.util.Arrays.fill(spec, (byte) ' ');
    spec[0] = '{';
    spec[spec.length - 1] = '}';
    Container big = container("big").toBuilder().setSpec(Anys.pack(Anys.OCI_SPEC, spec)).build();
    try {
      assertThat(ns.containers().create(CreateContainerRequest.newBuilder().setContainer(big)
          .build()).getContainer().getSpec().getValue().size()).isEqualTo(spec.length);
    } finally {
      ns.containers().delete(DeleteContainerRequest.newBuilder().setId("big").build());
      client.stubs().namespaces().delete(
          DeleteNamespaceRequest.newBuilder().setName("grpc-big").build());
    }
  }

  private static Container update(Stubs ns, Container c, String... paths) {
    UpdateContainerRequest.Builder req = UpdateContainerRequest.newBuilder().setContainer(c);
    if (paths.length > 0) {
      req.setUpdateMask(FieldMask.newBuilder().addAllPaths(List.of(paths)));
    }
    return ns.containers().update(req.build()).getContainer();
  }
}
