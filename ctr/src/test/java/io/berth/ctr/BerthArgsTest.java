package io.berth.ctr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Argument parsing and the failures that happen before or instead of talking to a daemon. */
class BerthArgsTest {

  private static final Map<String, String> NO_ENV = Map.of();
  private static final String MISSING = "/nonexistent-berth-test/d.sock";

  private static Berth parsed(Map<String, String> env, String... args) {
    Berth berth = new Berth(new Io(System.out, System.err, env, "/", java.time.Clock.systemUTC(), java.time.ZoneOffset.UTC));
    CommandLine cl = berth.commandLine();
    cl.parseArgs(args);
    return berth;
  }

  @Test
  void globalOptionsAreAcceptedBeforeAndAfterTheSubcommand() {
    Berth before = parsed(NO_ENV, "-n", "foo", "-a", "/s", "--timeout", "1m30s", "c", "ls");
    Berth after = parsed(NO_ENV, "c", "ls", "-n", "foo", "--address=/s", "--timeout", "1m30s", "--format", "JSON");
    for (Berth b : new Berth[] {before, after}) {
      assertThat(b.namespace).isEqualTo("foo");
      assertThat(b.address).isEqualTo("/s");
      assertThat(b.timeout).isEqualTo(Duration.ofSeconds(90));
    }
    assertThat(before.format()).isEqualTo(Berth.Format.table);
    assertThat(after.json()).isTrue();
  }

  @Test
  void defaultsComeFromTheEnvironmentThenBuiltIns() {
    Berth plain = parsed(NO_ENV, "ns", "ls");
    assertThat(plain.namespace).isEqualTo("default");
    assertThat(plain.address).isEqualTo("/run/berth/berthd.sock");
    Berth env = parsed(Map.of("BERTH_NAMESPACE", "envns", "BERTH_ADDRESS", "/env.sock"), "ns", "ls");
    assertThat(env.namespace).isEqualTo("envns");
    assertThat(env.address).isEqualTo("/env.sock");
    Berth flag = parsed(Map.of("BERTH_NAMESPACE", "envns"), "ns", "ls", "-n", "flag");
    assertThat(flag.namespace).isEqualTo("flag");
  }

  @Test
  void noSubcommandPrintsUsage() {
    Run r = Run.berth(NO_ENV);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).startsWith("Usage: berth").contains("namespaces").contains("Exit status:");
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void usageErrorsExitTwo() {
    Run unknown = Run.berth(NO_ENV, "ns", "ls", "--bogus");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.stderr()).startsWith("berth: Unknown option: '--bogus'\nUsage: berth namespaces list");
    Run duration = Run.berth(NO_ENV, "leases", "create", "--expires", "1d");
    assertThat(duration.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(duration.stderr()).contains("time: unknown unit \"d\" in duration \"1d\"");
  }

  @Test
  void missingArgumentsFailLikeCtrWithoutConnecting() {
    // the socket does not exist: any connection attempt would fail with a dial error instead
    Map<String, String> env = Map.of("BERTH_ADDRESS", MISSING);
    assertThat(Run.berth(env, "ns", "create")).isEqualTo(expected(new String[] {"ns", "create"}, 1, "please specify a namespace"));
    assertThat(Run.berth(env, "ns", "label")).isEqualTo(expected(new String[] {"ns", "label"}, 1, "please specify a namespace"));
    assertThat(Run.berth(env, "c", "info"))
        .isEqualTo(expected(new String[] {"c", "info"}, 3, "container id must be provided: invalid argument"));
    assertThat(Run.berth(env, "c", "label"))
        .isEqualTo(expected(new String[] {"c", "label"}, 3, "container id must be provided: invalid argument"));
    assertThat(Run.berth(env, "c", "create"))
        .isEqualTo(expected(new String[] {"c", "create"}, 3, "image ref must be provided: invalid argument"));
    assertThat(Run.berth(env, "c", "create", "--rootfs", "/tmp"))
        .isEqualTo(expected(new String[] {"c", "create", "--rootfs", "/tmp"}, 3, "container id must be provided: invalid argument"));
    Run leasesRm = Run.berth(env, "leases", "rm");
    assertThat(leasesRm.exitCode()).isZero();
    assertThat(leasesRm.stdout()).startsWith("Usage: berth leases delete");
  }

  private static Run expected(String[] args, int code, String message) {
    return new Run(java.util.List.of(args), "", "berth: " + message + "\n", code);
  }

  @Test
  void createStopsOptionParsingAtTheFirstArgument() {
    Run r = Run.berth(Map.of("BERTH_ADDRESS", MISSING), "--connect-timeout", "50ms", "c", "create", "--rootfs", "/tmp", "--label");
    // "--label" is the container id here, not an option missing its value: berth got as far as dialing
    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.stderr()).startsWith("berth: failed to dial");
  }

  @Test
  void absentDaemonIsADialErrorAfterTheConnectTimeout() {
    Run r = Run.berth(NO_ENV, "-a", MISSING, "--connect-timeout", "50ms", "ns", "ls");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr())
        .isEqualTo(
            "berth: failed to dial \"" + MISSING + "\": context deadline exceeded: connection error: desc = "
                + "\"transport: error while dialing: dial unix " + MISSING + ": connect: no such file or directory\"\n");
  }

  @Test
  void socketWithoutListenerIsRefused(@TempDir Path dir) throws IOException {
    Path sock = dir.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(sock));
    }
    assertThat(Files.exists(sock)).isTrue();
    Run r = Run.berth(NO_ENV, "-a", "unix://" + sock, "--connect-timeout", "50ms", "c", "ls");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.stderr()).contains("dial unix " + sock + ": connect: connection refused");
  }

  @Test
  void versionFlag() {
    Run r = Run.berth(NO_ENV, "--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).startsWith("berth ");
  }
}
