package io.berth.shim.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.UnknownException;
import io.berth.shim.spec.Linux;
import io.berth.shim.spec.Mount;
import io.berth.shim.spec.Seccomp;
import io.berth.shim.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Specs that cannot run fail at create (or start) with a message naming the cause, leaving nothing:
 * no host mounts, cgroup, process, zombie, descriptor, thread or stage directory (each spec asks for
 * its own cgroup with a memory limit, so a failure after the cgroup is made must remove it).
 */
@Tag("root")
class BadSpecTest {
  private static final String PARENT = "/berth-bad-" + java.util.HexFormat.of()
      .toHexDigits(java.util.concurrent.ThreadLocalRandom.current().nextInt());
  private static BusyboxRootfs fs;
  private LeakSnapshot before;

  @BeforeAll
  static void setUp() throws Exception {
    fs = BusyboxRootfs.create();
    // Warm up once so that lazily opened JDK files do not count as leaks.
    Container c = Container.create("warm", fs.bundle, spec("/bin/true"), Stdio.discard());
    c.start();
    c.exit().get();
    c.destroy();
  }

  @AfterAll
  static void tearDown() throws Exception {
    fs.close();
    LeakSnapshot.removeCgroupParents(PARENT);
  }

  @BeforeEach
  void snapshot() throws Exception {
    before = LeakSnapshot.take(PARENT);
    assertThat(before.cgroups()).isEmpty();
  }

  private void assertNothingLeft() throws Exception {
    assertThat(LeakSnapshot.take(PARENT)).isEqualTo(before);
  }

  private static Spec spec(String... args) {
    Spec s = TestSpecs.ctrDefault(fs.rootfs, "bad", args);
    io.berth.shim.spec.Resources base = s.linux().resources();
    io.berth.shim.spec.Resources r = new io.berth.shim.spec.Resources(base.devices(),
        new io.berth.shim.spec.Resources.Memory(64L << 20, null, null, null, null, null, null, null), base.cpu(),
        null, null, null, null, null);
    return s.withLinux(s.linux().withCgroupsPath(PARENT + "/bad").withResources(r));
  }

  private static void create(Spec spec) {
    Container.create("bad", fs.bundle, spec, Stdio.discard());
  }

  @Test
  void missingBinary() throws Exception {
    assertThatThrownBy(() -> create(spec("/bin/nosuch")))
        .isInstanceOf(UnknownException.class)
        .hasMessageContaining("exec: \"/bin/nosuch\": stat /bin/nosuch: no such file or directory");
    assertThatThrownBy(() -> create(spec("nosuchcmd", "x")))
        .isInstanceOf(UnknownException.class)
        .hasMessageContaining("exec: \"nosuchcmd\": executable file not found in $PATH");
    assertNothingLeft();
  }

  @Test
  void badCwd() throws Exception {
    Spec s = spec("/bin/true");
    assertThatThrownBy(() -> create(s.withProcess(s.process().withCwd("/nonexistent"))))
        .isInstanceOf(UnknownException.class)
        .hasMessageContaining("chdir to cwd (\"/nonexistent\") set in config.json failed")
        .hasMessageContaining("ENOENT");
    assertThatThrownBy(() -> create(s.withProcess(s.process().withCwd("relative"))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("process.cwd \"relative\" must be an absolute path");
    assertNothingLeft();
  }

  @Test
  void unknownNamespaceType() throws Exception {
    Spec s = spec("/bin/true");
    List<Linux.Namespace> ns = new ArrayList<>(s.linux().namespaces());
    ns.add(new Linux.Namespace("bogus", null));
    assertThatThrownBy(() -> create(s.withLinux(s.linux().withNamespaces(ns))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.namespaces: unknown namespace type \"bogus\"");
    assertNothingLeft();
  }

  @Test
  void badMount() throws Exception {
    Spec s = spec("/bin/true");
    List<Mount> mounts = new ArrayList<>(s.mounts());
    mounts.add(new Mount("/mnt", "nosuchfs", "none", List.of()));
    assertThatThrownBy(() -> create(s.withMounts(mounts)))
        .isInstanceOf(UnknownException.class)
        .hasMessageContaining("mount nosuchfs to rootfs at \"/mnt\"")
        .hasMessageContaining("ENODEV");
    List<Mount> binds = new ArrayList<>(s.mounts());
    binds.add(new Mount("/mnt", "bind", "/nonexistent/source", List.of("rbind")));
    assertThatThrownBy(() -> create(s.withMounts(binds)))
        .isInstanceOf(UnknownException.class)
        .hasMessageContaining("source /nonexistent/source does not exist");
    assertNothingLeft();
  }

  @Test
  void badSeccompRule() throws Exception {
    Spec s = spec("/bin/true");
    Seccomp bogusAction = new Seccomp("SCMP_ACT_ERRNO", null, List.of("SCMP_ARCH_X86_64"), null, null, null,
        List.of(new Seccomp.Syscall(List.of("read"), "SCMP_ACT_BOGUS", null, null)));
    assertThatThrownBy(() -> create(s.withLinux(s.linux().withSeccomp(bogusAction))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.seccomp.syscalls[0].action: unknown action \"SCMP_ACT_BOGUS\"");
    Seccomp bogusOp = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
        List.of(new Seccomp.Syscall(List.of("read"), "SCMP_ACT_ERRNO", null,
            List.of(new Seccomp.Arg(0, 1, 0, "SCMP_CMP_ALMOST")))));
    assertThatThrownBy(() -> create(s.withLinux(s.linux().withSeccomp(bogusOp))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("linux.seccomp.syscalls[0].args: unknown operator \"SCMP_CMP_ALMOST\"");
    // A profile that loads but forbids what the process needs fails at start, not silently.
    Seccomp noExec = new Seccomp("SCMP_ACT_ALLOW", null, null, null, null, null,
        List.of(new Seccomp.Syscall(List.of("execve"), "SCMP_ACT_ERRNO", null, null)));
    Container c = Container.create("bad", fs.bundle, s.withLinux(s.linux().withSeccomp(noExec)), Stdio.discard());
    try {
      assertThatThrownBy(c::start).isInstanceOf(UnknownException.class).hasMessageContaining("EPERM");
    } finally {
      c.destroy();
    }
    assertNothingLeft();
  }
}
