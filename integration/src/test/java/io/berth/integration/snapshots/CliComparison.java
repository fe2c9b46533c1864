package io.berth.integration.snapshots;

import io.berth.integration.harness.Ctr;
import io.berth.integration.harness.DaemonPair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The same session run as {@code berth ...} against berthd and as the real {@code ctr ...}
 * against containerd 1.6. After the harness's masks and {@code mask}, stdout must be identical,
 * stderr identical once berth's {@code berth: } prefix reads {@code ctr: }, and both must succeed
 * or both fail (berth's exit codes name the error class where ctr always exits 1).
 */
final class CliComparison {

  private final DaemonPair daemons;
  private final BerthCli berth;
  private final List<String> differences = new ArrayList<>();

  CliComparison(DaemonPair daemons) {
    this.daemons = daemons;
    this.berth = new BerthCli(daemons.berthd().socket());
  }

  Ctr.Result step(UnaryOperator<String> mask, String... args) {
    Ctr.Result b = berth.run(args);
    Ctr.Result r = daemons.containerd().ctr().run(args);
    String bd = daemons.berthd().dir().toString();
    String rd = daemons.containerd().dir().toString();
    Ctr.Result bm = b.masked();
    Ctr.Result rm = r.masked();
    String bOut = mask.apply(bm.stdout().replace(bd, "<DIR>"));
    String rOut = mask.apply(rm.stdout().replace(rd, "<DIR>"));
    String bErr = mask.apply(bm.stderr().replace(bd, "<DIR>").replaceAll("(?m)^berth: ", "ctr: "));
    String rErr = mask.apply(rm.stderr().replace(rd, "<DIR>"));
    if (!bOut.equals(rOut) || !bErr.equals(rErr) || (b.exitCode() == 0) != (r.exitCode() == 0)) {
      differences.add("=== berth on berthd:\n" + b.transcript() + "=== ctr on containerd:\n"
          + r.transcript());
    }
    return b;
  }

  Ctr.Result step(String... args) {
    return step(UnaryOperator.identity(), args);
  }

  void assertSame() {
    if (!differences.isEmpty()) {
      throw new AssertionError(differences.size() + " step(s) differ between berth and ctr 1.6:\n"
          + String.join("\n", differences));
    }
  }
}
