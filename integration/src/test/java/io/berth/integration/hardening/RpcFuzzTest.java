package io.berth.integration.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.berth.api.client.BerthClient;
import io.berth.api.client.Headers;
import io.berth.api.client.Stubs;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.ContainersGrpc;
import io.berth.api.services.containers.v1.CreateContainerRequest;
import io.berth.api.services.containers.v1.DeleteContainerRequest;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.containers.v1.ListContainersRequest;
import io.berth.api.services.containers.v1.UpdateContainerRequest;
import io.berth.api.services.content.v1.ContentGrpc;
import io.berth.api.services.diff.v1.DiffGrpc;
import io.berth.api.services.events.v1.EventsGrpc;
import io.berth.api.services.events.v1.PublishRequest;
import io.berth.api.services.events.v1.SubscribeRequest;
import io.berth.api.services.images.v1.ImagesGrpc;
import io.berth.api.services.introspection.v1.IntrospectionGrpc;
import io.berth.api.services.leases.v1.LeasesGrpc;
import io.berth.api.services.namespaces.v1.CreateNamespaceRequest;
import io.berth.api.services.namespaces.v1.DeleteNamespaceRequest;
import io.berth.api.services.namespaces.v1.GetNamespaceRequest;
import io.berth.api.services.namespaces.v1.Namespace;
import io.berth.api.services.namespaces.v1.NamespacesGrpc;
import io.berth.api.services.namespaces.v1.UpdateNamespaceRequest;
import io.berth.api.services.snapshots.v1.SnapshotsGrpc;
import io.berth.api.services.tasks.v1.TasksGrpc;
import io.berth.api.services.version.v1.VersionGrpc;
import io.berth.integration.harness.Berthd;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input against a real berthd: hostile filters, identifiers, field paths, label sizes, and
 * random bytes as the request body of every RPC of every containerd service. Every answer must
 * be a proper status with a message (never UNKNOWN or INTERNAL for a client's mistake), every
 * call has a deadline and must end before it, and berthd must stay alive. Violations are
 * gathered per RPC and status and reported together with the first input that caused each.
 * The seed is printed; {@code -Dfuzz.seed=N} replays a run.
 */
class RpcFuzzTest {

  private static final long DEADLINE_MS = 10_000;
  private static final long STREAM_WAIT_MS = 300;
  private static final String NS = "fuzz";
  private static final Any SPEC = Any.newBuilder()
      .setTypeUrl("types.containerd.io/opencontainers/runtime-spec/1/Spec")
      .setValue(ByteString.copyFromUtf8("{\"ociVersion\":\"1.0.2\"}"))
      .build();
  private static final Container.Runtime RUNC =
      Container.Runtime.newBuilder().setName("io.containerd.runc.v2").build();

  private static final List<ServiceDescriptor> SERVICES = List.of(
      ContainersGrpc.getServiceDescriptor(), NamespacesGrpc.getServiceDescriptor(),
      LeasesGrpc.getServiceDescriptor(), EventsGrpc.getServiceDescriptor(),
      VersionGrpc.getServiceDescriptor(), IntrospectionGrpc.getServiceDescriptor(),
      HealthGrpc.getServiceDescriptor(), TasksGrpc.getServiceDescriptor(),
      SnapshotsGrpc.getServiceDescriptor(), ContentGrpc.getServiceDescriptor(),
      ImagesGrpc.getServiceDescriptor(), DiffGrpc.getServiceDescriptor());

  private static Berthd berthd;
  private static BerthClient client;
  private static long seed;
  private static Fuzz fuzz;
  private final Verdicts verdicts = new Verdicts();

  @BeforeAll
  static void start() {
    seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("RpcFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    fuzz = new Fuzz(seed);
    berthd = new Berthd();
    berthd.start();
    client = BerthClient.connect(berthd.socket());
    containers().create(CreateContainerRequest.newBuilder().setContainer(Container.newBuilder()
        .setId("target").putLabels("a", "1").setRuntime(RUNC).setSpec(SPEC)).build());
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

  /** After every property: berthd is alive and answers; no violation was seen. */
  @AfterEach
  void berthdAnswersAndNothingWasWrong() {
    assertThat(berthd.alive()).as("berthd process alive").isTrue();
    assertThat(client.stubs().version().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
        .version(Empty.getDefaultInstance()).getVersion()).isNotEmpty();
    System.out.println(getClass().getSimpleName() + ": " + verdicts.calls() + " calls");
    assertThat(verdicts.violations()).as("answers that break the rule (seed " + seed + ")")
        .isEmpty();
  }

  private static Stubs ns() {
    return client.withNamespace(NS);
  }

  private static ContainersGrpc.ContainersBlockingStub containers() {
    return ns().containers().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  /** Runs one typed call and judges its outcome; returns the status (OK on success). */
  private Status attempt(String rpc, Object input, Supplier<?> call) {
    Status status;
    try {
      call.get();
      status = Status.OK;
    } catch (StatusRuntimeException e) {
      status = e.getStatus();
    }
    verdicts.judge(rpc, Fuzz.show(input), status);
    return status;
  }

  @Test
  void filters() {
    Stubs stubs = ns();
    for (int i = 0; i < 400; i++) {
      String f = fuzz.filter();
      attempt("Containers.List", f, () -> containers()
          .list(ListContainersRequest.newBuilder().addFilters(f).build()));
      if (i % 2 == 0) {
        attempt("Leases.List", f, () -> stubs.leases()
            .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
            .list(io.berth.api.services.leases.v1.ListRequest.newBuilder().addFilters(f).build()));
      }
      if (i % 4 == 0) {
        attempt("Containers.ListStream", f, () -> {
          containers().listStream(ListContainersRequest.newBuilder().addFilters("id==target")
              .addFilters(f).build()).forEachRemaining(m -> { });
          return null;
        });
      }
      if (i % 8 == 0) {
        byte[] body = SubscribeRequest.newBuilder().addFilters(f).build().toByteArray();
        raw(EventsGrpc.getSubscribeMethod(), body, headers(NS), f);
      }
    }
  }

  /**
   * A backtracking-hostile expression over many long label values: containerd's RE2 is linear;
   * berthd must answer within the deadline too.
   */
  @Test
  void hostileRegexOverManyContainersAnswersBeforeTheDeadline() {
    Stubs redos = client.withNamespace("redos");
    for (int i = 0; i < 100; i++) {
      redos.containers().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
          .create(CreateContainerRequest.newBuilder().setContainer(Container.newBuilder()
              .setId("r" + i).putLabels("x", "a".repeat(40)).setRuntime(RUNC).setSpec(SPEC))
              .build());
    }
    for (String f : List.of("labels.x~=(a+)+b", "labels.x~=(a|aa)+$b", "labels.x~=(a*)*c",
        "labels.x~=^(a+)+$x")) {
      long start = System.nanoTime();
      Status s = attempt("Containers.List", f, () -> redos.containers()
          .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
          .list(ListContainersRequest.newBuilder().addFilters(f).build()));
      System.out.printf("hostile regex %s over 100 containers: %s in %d ms%n", f, s.getCode(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
  }

  @Test
  void identifiersTopicsAndNamespaceHeaders() {
    for (int i = 0; i < 120; i++) {
      String id = fuzz.random().nextBoolean() ? fuzz.identifier() : fuzz.string();
      attempt("Containers.Get", id, () -> containers()
          .get(GetContainerRequest.newBuilder().setId(id).build()));
      attempt("Containers.Create", id, () -> containers().create(CreateContainerRequest
          .newBuilder().setContainer(Container.newBuilder().setId(id).setRuntime(RUNC)
              .setSpec(SPEC)).build()));
      attempt("Containers.Update", id, () -> containers().update(UpdateContainerRequest
          .newBuilder().setContainer(Container.newBuilder().setId(id).putLabels("a", "2"))
          .setUpdateMask(FieldMask.newBuilder().addPaths("labels.a")).build()));
      attempt("Containers.Delete", id, () -> containers()
          .delete(DeleteContainerRequest.newBuilder().setId(id).build()));
      attempt("Namespaces.Create", id, () -> namespaces().create(CreateNamespaceRequest
          .newBuilder().setNamespace(Namespace.newBuilder().setName(id)).build()));
      attempt("Namespaces.Get", id, () -> namespaces()
          .get(GetNamespaceRequest.newBuilder().setName(id).build()));
      attempt("Namespaces.Delete", id, () -> namespaces()
          .delete(DeleteNamespaceRequest.newBuilder().setName(id).build()));
      attempt("Leases.Create", id, () -> leases()
          .create(io.berth.api.services.leases.v1.CreateRequest.newBuilder().setId(id).build()));
      attempt("Leases.Delete", id, () -> leases()
          .delete(io.berth.api.services.leases.v1.DeleteRequest.newBuilder().setId(id).build()));
      String topic = fuzz.random().nextBoolean() ? "/" + id : id;
      attempt("Events.Publish", topic, () -> ns().events()
          .withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
          .publish(PublishRequest.newBuilder().setTopic(topic)
              .setEvent(Any.newBuilder().setTypeUrl("containerd.events.ContainerDelete")
                  .setValue(ByteString.copyFromUtf8(id)))
              .build()));
      String header = asciiHeader(id);
      Status s = RawCall.call(client.channel(), ContainersGrpc.getListMethod(),
          ListContainersRequest.getDefaultInstance().toByteArray(), headers(header),
          DEADLINE_MS, STREAM_WAIT_MS).status();
      verdicts.judge("Containers.List with namespace header", Fuzz.show(header), s);
    }
  }

  /**
   * gRPC metadata values are printable ASCII (the client refuses anything else), and grpc-java
   * servers refuse a header block over 8 KiB in the transport, before berthd sees the call: the
   * header is cut to 4 KiB.
   */
  private static String asciiHeader(String s) {
    String ascii = s.chars().filter(c -> c >= 0x20 && c < 0x7f)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return ascii.length() > 4096 ? ascii.substring(0, 4096) : ascii;
  }

  @Test
  void fieldPaths() {
    for (int i = 0; i < 300; i++) {
      FieldMask.Builder mask = FieldMask.newBuilder();
      for (int n = fuzz.random().nextInt(4); n > 0; n--) {
        mask.addPaths(fuzz.fieldPath());
      }
      Container.Builder c = Container.newBuilder().setId("target");
      switch (fuzz.random().nextInt(5)) {
        case 0 -> c.putLabels("a", fuzz.string()).putLabels(fuzz.string(), "v");
        case 1 -> c.putExtensions(fuzz.string(), Any.newBuilder().setTypeUrl(fuzz.string())
            .build());
        case 2 -> c.setImage(fuzz.string()).setSnapshotKey(fuzz.string());
        case 3 -> c.setRuntime(Container.Runtime.newBuilder().setName(fuzz.string()))
            .setSnapshotter(fuzz.string());
        default -> c.setSpec(Any.newBuilder().setTypeUrl(fuzz.string()));
      }
      FieldMask m = mask.build();
      attempt("Containers.Update", m.getPathsList() + " " + c.build().toString().strip(),
          () -> containers().update(UpdateContainerRequest.newBuilder().setContainer(c)
              .setUpdateMask(m).build()));
    }
  }

  @Test
  void labelSizes() {
    int n = 0;
    for (int size : List.of(1, 4095, 4096, 4097, 8192, 65_536, 1 << 20, 15 << 20, 17 << 20)) {
      int keyLength = Math.max(1, Math.min(size, fuzz.random().nextInt(size + 1)));
      String key = "k".repeat(keyLength);
      String value = "v".repeat(Math.max(0, size - keyLength));
      boolean fits = size <= 4096;
      String input = "label of " + size + " bytes (key " + keyLength + ")";
      String id = "big" + n++;
      String other = "big" + n;
      Status create = attempt("Containers.Create", input, () -> containers().create(
          CreateContainerRequest.newBuilder().setContainer(Container.newBuilder().setId(id)
              .putLabels(key, value).setRuntime(RUNC).setSpec(SPEC)).build()));
      expect("Containers.Create", input, create, fits);
      Status update = attempt("Containers.Update", input, () -> containers().update(
          UpdateContainerRequest.newBuilder().setContainer(Container.newBuilder()
                  .setId("target").putLabels(key, value))
              .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + key)).build()));
      expect("Containers.Update", input, update, fits);
      Status nsCreate = attempt("Namespaces.Create", input, () -> namespaces().create(
          CreateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
              .setName(other).putLabels(key, value)).build()));
      expect("Namespaces.Create", input, nsCreate, fits);
      Status nsUpdate = attempt("Namespaces.Update", input, () -> namespaces().update(
          UpdateNamespaceRequest.newBuilder().setNamespace(Namespace.newBuilder()
                  .setName(NS).putLabels(key, value))
              .setUpdateMask(FieldMask.newBuilder().addPaths("labels." + key)).build()));
      expect("Namespaces.Update", input, nsUpdate, fits);
      // containerd does not limit lease labels: only the general rule applies
      attempt("Leases.Create", input, () -> leases().create(
          io.berth.api.services.leases.v1.CreateRequest.newBuilder().setId(other)
              .putLabels(key, value).build()));
    }
    Container.Builder many = Container.newBuilder().setId("many").setRuntime(RUNC).setSpec(SPEC);
    for (int i = 0; i < 20_000; i++) {
      many.putLabels("label." + i, "value." + i);
    }
    expect("Containers.Create", "20,000 labels", attempt("Containers.Create", "20,000 labels",
        () -> containers().create(CreateContainerRequest.newBuilder().setContainer(many)
            .build())), true);
    attempt("Containers.Create", "empty label key", () -> containers().create(
        CreateContainerRequest.newBuilder().setContainer(Container.newBuilder().setId("emptykey")
            .putLabels("", "v").setRuntime(RUNC).setSpec(SPEC)).build()));
  }

  /** Labels up to 4096 bytes are stored; larger ones are InvalidArgument (or too big a message). */
  private void expect(String rpc, String input, Status status, boolean fits) {
    if (fits && !status.isOk()) {
      verdicts.fail(rpc, "refused a label within the limit: " + status, input);
    }
    if (!fits && status.getCode() != Status.Code.INVALID_ARGUMENT
        && status.getCode() != Status.Code.RESOURCE_EXHAUSTED) {
      verdicts.fail(rpc, "answered " + status.getCode() + " to a label over 4096 bytes", input);
    }
  }

  /**
   * Random bytes as the request body of every method, with the namespace header present, absent
   * or invalid. A body that does not decode as the request message is InvalidArgument (grpc-go,
   * and so containerd, answers INTERNAL there; grpc-java on its own a bare UNKNOWN).
   */
  @Test
  void randomBytesAsEveryRequestBody() {
    for (ServiceDescriptor service : SERVICES) {
      for (MethodDescriptor<?, ?> method : service.getMethods()) {
        // a server stream that stays open costs a wait each: fewer of those
        int bodies = method.getType() == MethodDescriptor.MethodType.UNARY ? 20 : 8;
        for (int i = 0; i < bodies; i++) {
          byte[] body = fuzz.body();
          Metadata headers = switch (fuzz.random().nextInt(6)) {
            case 0 -> new Metadata();
            case 1 -> headers("bad/ns");
            default -> headers(NS);
          };
          RawCall.Outcome o = RawCall.call(client.channel(), method, body, headers, DEADLINE_MS,
              STREAM_WAIT_MS);
          verdicts.judge(method.getFullMethodName()
              + (parses(method, body) ? "" : " (undecodable body)"), Fuzz.hex(body), o.status());
        }
      }
    }
  }

  private static boolean parses(MethodDescriptor<?, ?> method, byte[] body) {
    if (!(method.getRequestMarshaller()
        instanceof MethodDescriptor.PrototypeMarshaller<?> p)
        || !(p.getMessagePrototype() instanceof Message prototype)) {
      return true;
    }
    try {
      prototype.getParserForType().parseFrom(body);
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  private void raw(MethodDescriptor<?, ?> method, byte[] body, Metadata headers, String input) {
    RawCall.Outcome o = RawCall.call(client.channel(), method, body, headers, DEADLINE_MS,
        STREAM_WAIT_MS);
    verdicts.judge(method.getFullMethodName(), Fuzz.show(input), o.status());
  }

  private static Metadata headers(String namespace) {
    Metadata m = new Metadata();
    m.put(Headers.NAMESPACE_KEY, namespace);
    return m;
  }

  private static NamespacesGrpc.NamespacesBlockingStub namespaces() {
    return ns().namespaces().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }

  private static LeasesGrpc.LeasesBlockingStub leases() {
    return ns().leases().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
  }
}
