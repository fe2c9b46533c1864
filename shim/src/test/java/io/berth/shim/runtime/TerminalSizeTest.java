package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.shim.spec.Spec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pty exists from create on, so a ResizePty that arrives between Create and Start (or right
 * after Start, before the process looks) is what the process sees at its first look, rows and
 * columns the right way round.
 */
@Tag("root")
class TerminalSizeTest {
  private static BusyboxRootfs fs;
  private Container container;

  @BeforeAll
  static void setUp() throws Exception {
    fs = BusyboxRootfs.create();
  }

  @AfterAll
  static void tearDown() throws Exception {
    fs.close();
  }

  @AfterEach
  void destroy() {
    if (container != null) {
      container.destroy();
    }
  }

  @Test
  void sizeSetBeforeStartIsTheFirstSizeTheProcessSees() throws Exception {
    Spec spec = TestSpecs.ctrDefault(fs.rootfs, "size", "/bin/stty", "size");
    spec = spec.withProcess(spec.process().withTerminal(true));
    container = Container.create("size", fs.bundle, spec,
        new Stdio(new Stdio.Discard(), new Stdio.Pipe(), new Stdio.Discard(), true));
    container.init().resize(100, 30);
    container.start();
    String out = new String(container.init().stdout().orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(container.exit().get().code()).isZero();
    assertThat(out.replace("\r", "")).isEqualTo("30 100\n");
  }
}
