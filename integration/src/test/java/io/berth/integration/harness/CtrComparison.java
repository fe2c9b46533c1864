package io.berth.integration.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the same scripted ctr session against berthd and the reference containerd and reports
 * every step whose masked stdout, stderr or exit code differ, with both transcripts.
 */
public final class CtrComparison {

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

  private Ctr.Result step(String stdin, String[] args) {
    Ctr.Result b = berth.ctr().run(stdin, List.of(args));
    Ctr.Result r = reference.ctr().run(stdin, List.of(args));
    Ctr.Result bm = normalize(b, berth);
    Ctr.Result rm = normalize(r, reference);
    if (!bm.stdout().equals(rm.stdout()) || !bm.stderr().equals(rm.stderr())
        || bm.exitCode() != rm.exitCode()) {
      differences.add("=== berthd:\n" + bm.transcript() + "=== containerd:\n" + rm.transcript());
    }
    return b;
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
