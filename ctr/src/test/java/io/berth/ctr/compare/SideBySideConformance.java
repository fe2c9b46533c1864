package io.berth.ctr.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import io.berth.api.anys.Anys;
import io.berth.api.client.BerthClient;
import io.berth.api.events.NamespaceCreate;
import io.berth.api.events.TaskOOM;
import io.berth.api.services.containers.v1.Container;
import io.berth.api.services.containers.v1.GetContainerRequest;
import io.berth.api.services.events.v1.PublishRequest;
import io.berth.ctr.Berth;
import io.berth.ctr.Run;
import io.grpc.Context;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * berth and the real ctr 1.6 side by side against one daemon: the same scripted session must
 * print the same bytes, create the same containers and show the same events. One subclass per
 * daemon (containerd 1.6, berthd).
 */
@Tag("root")
abstract class SideBySideConformance {

  /** The daemon under test, started by the subclass. */
  protected abstract Daemon daemon();

  /** What the suite needs of a daemon. */
  interface Daemon {
    Path socket();
  }

  @Test
  void scriptedSessionPrintsWhatCtrPrints() {
    SideBySide s = new SideBySide(daemon().socket());
    // namespaces
    s.step("ns", "create", "{nsa}", "a=b", "c");
    s.read("ns", "ls");
    s.read("ns", "ls", "-q");
    s.step("ns", "label", "{nsa}", "a=", "z=1");
    s.read("ns", "ls");
    s.step("ns", "create", "{nsa}");
    s.step("ns", "label");
    s.step("ns", "create");
    // containers
    s.step("-n", "{ns}", "c", "create", "--rootfs", "/tmp", "X");
    s.step("-n", "{ns}", "c", "create", "--rootfs", "--label", "a=b", "--label", "zz", "--label", "q=<&>",
        "--env", "A=1", "--env", "A=2", "--cwd", "/w", "--annotation", "k=v", "-t", "--read-only",
        "/srv/rootfs", "Y", "sh", "x", "echo <hi> & bye");
    s.step("-n", "{ns}", "c", "ls");
    s.step("-n", "{ns}", "c", "ls", "-q");
    s.step("-n", "{ns}", "c", "ls", "labels.a==b");
    s.step("-n", "{ns}", "c", "ls", "id==");
    s.step("-n", "{ns}", "c", "info", "X");
    s.step("-n", "{ns}", "c", "info", "Y");
    s.step("-n", "{ns}", "c", "info", "--spec", "Y");
    s.step("-n", "{ns}", "c", "info", "nope");
    s.step("-n", "{ns}", "c", "info");
    s.stepWithMapOrder("-n", "{ns}", "c", "label", "Y", "k=v", "zz=");
    s.step("-n", "{ns}", "c", "label", "X", "only=one");
    s.step("-n", "{ns}", "c", "label", "Y");
    s.step("-n", "{ns}", "c", "label", "nope", "k=v");
    s.step("-n", "{ns}", "c", "create", "--rootfs", "/tmp", "X");
    s.step("-n", "{ns}", "c", "create", "--rootfs", "/tmp", "bad id");
    s.step("-n", "{ns}", "c", "create", "--rootfs", "--annotation", "bad", "/tmp", "Z");
    s.step("-n", "{ns}", "c", "create", "busybox", "Z");
    s.step("-n", "{ns}", "c", "rm");
    s.step("--timeout", "1ns", "-n", "{ns}", "c", "ls");
    // leases
    s.step("-n", "{ns}", "leases", "create", "--id", "L1", "--expires", "0", "a=1", "b");
    s.step("-n", "{ns}", "leases", "create", "--id", "L2", "-x", "1h");
    s.step("-n", "{ns}", "leases", "ls");
    s.step("-n", "{ns}", "leases", "ls", "-q");
    s.step("-n", "{ns}", "leases", "ls", "labels.a==1");
    s.step("-n", "{ns}", "leases", "ls", "id==");
    s.step("-n", "{ns}", "leases", "create", "--id", "L1");
    s.step("-n", "{ns}", "leases", "rm", "nope");
    s.step("-n", "{ns}", "leases", "rm", "--sync", "L1", "L2");
    s.step("-n", "{ns}", "leases", "ls");
    // a namespace that still has containers cannot go; missing ones are fine
    s.step("ns", "rm", "{ns}", "{nsa}", "never-created");
    s.step("-n", "{ns}", "c", "rm", "X", "nope", "Y");
    s.step("-n", "{ns}", "c", "ls");
    s.step("ns", "rm", "{ns}");
    s.read("ns", "ls");
    assertThat(s.differences()).as("%d steps", s.steps()).isEmpty();
  }

  @Test
  void createSendsTheSameContainerAsCtr() {
    List<String> args =
        List.of("c", "create", "--rootfs", "--label", "a=b", "--label", "flag", "--env", "A=1", "--cwd", "/w",
            "--annotation", "k=v", "-t", "--runtime", "io.containerd.runc.v2", "/srv/r", "S", "sh", "x");
    Run ctr = CtrProcess.run(daemon().socket(), concat(List.of("-n", "spec-ctr"), args));
    Run berth = berth(concat(List.of("-n", "spec-berth"), args));
    assertThat(ctr.exitCode()).isZero();
    assertThat(berth.exitCode()).as(berth.transcript()).isZero();
    try (BerthClient client = BerthClient.connect(daemon().socket())) {
      Container c = get(client, "spec-ctr", "S");
      Container b = get(client, "spec-berth", "S");
      String ctrSpec = c.getSpec().getValue().toString(StandardCharsets.UTF_8).replace("/spec-ctr/S", "/NS/S");
      String berthSpec = b.getSpec().getValue().toString(StandardCharsets.UTF_8).replace("/spec-berth/S", "/NS/S");
      assertThat(berthSpec).isEqualTo(ctrSpec);
      assertThat(b.getSpec().getTypeUrl()).isEqualTo(c.getSpec().getTypeUrl()).isEqualTo(Anys.OCI_SPEC);
      assertThat(b.getRuntime()).isEqualTo(c.getRuntime());
      assertThat(b.getLabelsMap()).isEqualTo(c.getLabelsMap());
      assertThat(List.of(b.getImage(), b.getSnapshotter(), b.getSnapshotKey()))
          .isEqualTo(List.of(c.getImage(), c.getSnapshotter(), c.getSnapshotKey()));
      assertThat(b.getExtensionsMap()).isEqualTo(c.getExtensionsMap());
    }
    // both deleted the lease they created the container under
    assertThat(CtrProcess.run(daemon().socket(), List.of("-n", "spec-ctr", "leases", "ls", "-q")).stdout()).isEmpty();
    assertThat(CtrProcess.run(daemon().socket(), List.of("-n", "spec-berth", "leases", "ls", "-q")).stdout()).isEmpty();
    for (String ns : List.of("spec-ctr", "spec-berth")) {
      assertThat(berth(List.of("-n", ns, "c", "rm", "S")).exitCode()).isZero();
      assertThat(berth(List.of("ns", "rm", ns)).exitCode()).isZero();
    }
  }

  @Test
  void serverVersionBlockMatches() {
    Run ctr = CtrProcess.run(daemon().socket(), List.of("version"));
    Run berth = berth(List.of("version"));
    assertThat(berth.exitCode()).isZero();
    assertThat(berth.stdout()).startsWith("Client:\n  Version:  ");
    assertThat(serverBlock(berth.stdout())).isEqualTo(serverBlock(ctr.stdout())).contains("UUID: ");
  }

  @Test
  void jsonFormatPrintsRecords() throws Exception {
    assertThat(berth(List.of("-n", "json", "c", "create", "--rootfs", "/tmp", "J", "sh")).exitCode()).isZero();
    Run ls = berth(List.of("-n", "json", "--format", "json", "c", "ls"));
    JsonNode list = new ObjectMapper().readTree(ls.stdout());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo("J");
    assertThat(list.get(0).at("/runtime/options/typeUrl").asText()).isEqualTo("containerd.runc.v1.Options");
    JsonNode info = new ObjectMapper().readTree(berth(List.of("-n", "json", "--format", "json", "c", "info", "J")).stdout());
    assertThat(info.at("/spec/process/args/0").asText()).isEqualTo("sh");
    assertThat(info.at("/spec/linux/cgroupsPath").asText()).isEqualTo("/json/J");
    JsonNode removed = new ObjectMapper().readTree(berth(List.of("-n", "json", "--format", "json", "c", "rm", "J")).stdout());
    assertThat(removed.get(0).asText()).isEqualTo("J");
    assertThat(berth(List.of("ns", "rm", "json")).exitCode()).isZero();
  }

  @Test
  void eventsPrintTheSameLinesAsCtr() throws Exception {
    Path ctrOut = Files.createTempFile("ctr-events", ".out");
    Path ctrErr = Files.createTempFile("ctr-events", ".err");
    Process ctr =
        new ProcessBuilder(PrivateDaemon.CTR.toString(), "-a", daemon().socket().toString(), "events")
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ctrOut.toFile())
            .redirectError(ctrErr.toFile())
            .start();
    Run.Capture berthOut = new Run.Capture();
    Context.CancellableContext subscription = Context.current().withCancellation();
    Thread berth =
        Thread.ofPlatform()
            .start(
                () ->
                    subscription.run(
                        () ->
                            new Berth(berthOut.io(Map.of("BERTH_ADDRESS", daemon().socket().toString()), ZoneId.systemDefault()))
                                .run("events")));
    try (BerthClient client = BerthClient.connect(daemon().socket())) {
      Supplier<String> ctrText = () -> read(ctrOut);
      // probe until both subscribers are live, then cut both streams at one sync event
      for (int i = 0; !(ctrText.get().contains("/probe") && berthOut.stdout().contains("/probe")); i++) {
        assertThat(i).as("both subscribers see a probe event").isLessThan(300);
        publish(client, "/probe", Anys.pack(NamespaceCreate.newBuilder().setName("probe").build()));
        Thread.sleep(200);
      }
      publish(client, "/sync", Anys.pack(NamespaceCreate.newBuilder().setName("sync").build()));
      for (String cmd : List.of("ns create ev1 a=b", "ns label ev1 a=", "-n ev1 c create --label l=1 --rootfs /tmp E sh x",
          "-n ev1 c label E k=v", "-n ev1 c rm E", "ns rm ev1")) {
        assertThat(CtrProcess.run(daemon().socket(), List.of(cmd.split(" "))).exitCode()).as(cmd).isZero();
      }
      // a payload type ctr does not know, prefixed as protobuf's own libraries write it
      publish(client, "/tasks/oom", Any.newBuilder()
          .setTypeUrl("type.googleapis.com/containerd.events.TaskOOM")
          .setValue(TaskOOM.newBuilder().setContainerId("E").build().toByteString()).build());
      publish(client, "/done", Anys.pack(NamespaceCreate.newBuilder().setName("done").build()));
      for (int i = 0; !(ctrText.get().contains("/done") && berthOut.stdout().contains("/done")); i++) {
        assertThat(i).as("both subscribers see the last event").isLessThan(300);
        Thread.sleep(100);
      }
    } finally {
      ctr.destroy();
      ctr.waitFor(10, TimeUnit.SECONDS);
      subscription.cancel(null);
      berth.join(TimeUnit.SECONDS.toMillis(30));
    }
    String expected = afterSync(read(ctrOut));
    assertThat(expected).contains("/containers/create", "/containers/update", "/namespaces/delete");
    assertThat(afterSync(berthOut.stdout())).isEqualTo(expected);
    assertThat(warnings(berthOut.stderr())).isEqualTo(warnings(read(ctrErr))).hasSize(1);
    assertThat(berthOut.stderr()).contains("berth: rpc error: code = Canceled");
    Files.deleteIfExists(ctrOut);
    Files.deleteIfExists(ctrErr);
  }

  private static void publish(BerthClient client, String topic, Any event) {
    client.withNamespace("default").events().publish(PublishRequest.newBuilder().setTopic(topic).setEvent(event).build());
  }

  private static String afterSync(String events) {
    int sync = events.indexOf(" /sync ");
    return events.substring(events.indexOf('\n', sync) + 1);
  }

  private static List<String> warnings(String stderr) {
    return stderr.lines().filter(l -> l.contains("level=")).map(l -> l.replaceAll("time=\"[^\"]*\"", "time=<T>")).toList();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String serverBlock(String version) {
    return version.substring(version.indexOf("Server:"));
  }

  private static Container get(BerthClient client, String ns, String id) {
    return client.withNamespace(ns).containers().get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
  }

  private Run berth(List<String> args) {
    return Run.berth(Map.of("BERTH_ADDRESS", daemon().socket().toString()), ZoneId.systemDefault(), args.toArray(String[]::new));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
