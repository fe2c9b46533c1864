package io.berth.integration.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs the same scripted ctr session against berthd and the reference containerd and reports
 * every step whose masked stdout, stderr or exit code differ, with both transcripts. In an
 * argument, {@value #DAEMON} stands for the daemon's name ({@code berthd} or {@code containerd}),
 * e.g. to give each daemon's tasks a cgroup of their own ({@code --cgroup /{daemon}-ns/id}), since
 * both would otherwise share {@code /<namespace>/<id>}.
 */
public final class CtrComparison {

  public static final String DAEMON = "{daemon}";

  private final DaemonProcess berth;
  private final DaemonProcess reference;
  private final List<String> differences = new ArrayList<>();

  public CtrComparison(DaemonProcess berth, DaemonProcess reference) {
    this.berth = berth;
    this.reference = reference;
  }

  /** Runs one ctr command on both daemons and records any difference. Returns berthd's result. */
  public Ctr.Result step(String... args) {
    return step(null, args);
  }

  public Ctr.Result stepWithInput(String stdin, String... args) {
    return step(stdin, args);
  }

  /**
   * As {@link #step(String...)}, with {@code mask} applied to both daemons' stdout and stderr
   * after the standard masks, for output that differs legitimately (e.g. version strings or
   * server-generated ids).
   */
  public Ctr.Result stepMasked(UnaryOperator<String> mask, String... args) {
    return step(null, args, mask);
  }

  private Ctr.Result step(String stdin, String[] args) {
    return step(stdin, args, UnaryOperator.identity());
  }

  private Ctr.Result step(String stdin, String[] args, UnaryOperator<String> mask) {
    Ctr.Result b = berth.ctr().run(stdin, forDaemon(args, "berthd"));
    Ctr.Result r = reference.ctr().run(stdin, forDaemon(args, "containerd"));
    Ctr.Result bm = masked(normalize(b, berth), mask);
    Ctr.Result rm = masked(normalize(r, reference), mask);
    if (!bm.stdout().equals(rm.stdout()) || !bm.stderr().equals(rm.stderr())
        || bm.exitCode() != rm.exitCode()) {
      differences.add("=== berthd:\n" + bm.transcript() + "=== containerd:\n" + rm.transcript());
    }
    return b;
  }

  private static List<String> forDaemon(String[] args, String name) {
    return Arrays.stream(args).map(a -> a.replace(DAEMON, name)).toList();
  }

  private static Ctr.Result masked(Ctr.Result r, UnaryOperator<String> mask) {
    return new Ctr.Result(r.command(), mask.apply(r.stdout()), mask.apply(r.stderr()),
        r.exitCode());
  }

  private static Ctr.Result normalize(Ctr.Result r, DaemonProcess d) {
    String dir = d.dir().toString();
    Ctr.Result m = r.masked();
    return new Ctr.Result(m.command(), m.stdout().replace(dir, "<DIR>"),
        m.stderr().replace(dir, "<DIR>"), m.exitCode());
  }

  public List<String> differences() {
    return List.copyOf(differences);
  }

  /** Fails with every differing step shown side by side. */
  public void assertSame() {
    if (!differences.isEmpty()) {
      throw new AssertionError(differences.size() + " ctr step(s) differ between berthd and "
          + "containerd 1.6:\n" + String.join("\n", differences));
    }
  }
}
