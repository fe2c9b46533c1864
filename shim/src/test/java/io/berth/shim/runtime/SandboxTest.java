package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.shim.spec.Linux;
import io.berth.shim.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A pooled shim's prepared sandbox: used by a spec that fits, discarded without a trace otherwise. */
@Tag("root")
@Timeout(120)
class SandboxTest {
  private static final String ISOLATION = "echo pid=$$; hostname; ls /sys/class/net; echo to-stderr >&2;"
      + " test -e /proc/1/fd/3 && echo fd3-open; cat /proc/1/cmdline | tr '\\0' ' '; echo";
  private static BusyboxRootfs fs;
  private final List<Container> containers = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    fs = BusyboxRootfs.create();
  }

  @AfterAll
  static void tearDown() throws Exception {
    fs.close();
  }

  @AfterEach
  void cleanUp() {
    containers.forEach(Container::destroy);
    Sandbox.discard();
  }

  private Container create(String id, Spec spec) {
    Container c = Container.create(id, fs.bundle, spec, Stdio.pipes());
    containers.add(c);
    return c;
  }

  @Test
  void fittingSpecUsesThePreparedStage() throws Exception {
    assertThat(Sandbox.prepare()).isTrue();
    long stagePid = Sandbox.preparedStagePid().orElseThrow();

    Container c = create("sbx-fit", TestSpecs.ctrDefault(fs.rootfs, "sbx-fit", "/bin/sh", "-c", ISOLATION));

    assertThat(c.init().pid()).isEqualTo(stagePid);
    assertThat(Sandbox.preparedStagePid()).isEmpty();
    c.start();
    c.init().closeStdin();
    String out = Run.stdout(c.init());
    String err = Run.stderr(c.init());
    assertThat(c.exit().get().code()).isZero();
    assertThat(out.lines().toList()).as(out)
        .containsExactly("pid=1", "sbx-fit", "lo", "/bin/sh -c " + ISOLATION + " ");
    assertThat(err).isEqualTo("to-stderr\n");
  }

  @Test
  void otherNamespacesTakeTheColdPathAndLeaveNothing() throws Exception {
    assertThat(Sandbox.prepare()).isTrue();
    long stagePid = Sandbox.preparedStagePid().orElseThrow();
    Spec ctr = TestSpecs.ctrDefault(fs.rootfs, "sbx-host", "/bin/sh", "-c", ISOLATION);
    List<Linux.Namespace> hostNetwork = ctr.linux().namespaces().stream()
        .filter(n -> !n.type().equals("network")).toList();

    Container c = create("sbx-host", ctr.withLinux(ctr.linux().withNamespaces(hostNetwork)));

    assertThat(c.init().pid()).isNotEqualTo(stagePid);
    assertNothingLeft(stagePid);
    c.start();
    String out = Run.stdout(c.init());
    assertThat(c.exit().get().code()).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines.get(0)).isEqualTo("pid=1");
    assertThat(lines).as(out).contains("lo").hasSizeGreaterThan(4); // the host's interfaces too
  }

  @Test
  void discardLeavesNothing() throws Exception {
    assertThat(Sandbox.prepare()).isTrue();
    long stagePid = Sandbox.preparedStagePid().orElseThrow();
    Sandbox.discard();
    assertNothingLeft(stagePid);
  }

  private static void assertNothingLeft(long stagePid) {
    assertThat(Sandbox.preparedStagePid()).isEmpty();
    assertThat(Files.exists(Path.of("/proc/" + stagePid))).as("stage process " + stagePid).isFalse();
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("berth-ns-sandbox"));
  }
}
