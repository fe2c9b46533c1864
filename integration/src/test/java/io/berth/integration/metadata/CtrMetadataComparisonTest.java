package io.berth.integration.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.integration.harness.CtrComparison;
import io.berth.integration.harness.Masks;
import io.berth.integration.harness.PairedDaemons;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real ctr 1.6 run through the same metadata session against berthd and containerd 1.6: the
 * masked stdout, stderr and exit code of every step must be identical. One daemon pair serves the
 * whole class; each test works in namespaces of its own and removes them.
 */
class CtrMetadataComparisonTest {

  /** containerd's generated lease ids: nanoseconds, a dash, 3 random bytes in base64url. */
  private static final Pattern GENERATED_LEASE = Pattern.compile("(?<![\\w-])\\d{1,9}-[A-Za-z0-9_-]{4}(?![\\w-])");

  /** {@code ctr c label} prints the labels in Go's random map order. */
  private static final UnaryOperator<String> UNORDERED_LABELS = Masks::sortCommaSeparated;

  @RegisterExtension
  static final PairedDaemons PAIR = PairedDaemons.withEmptyDir("rootfs-");

  @Test
  void namespaces() {
    CtrComparison c = PAIR.daemons().comparison();
    c.step("ns", "create", "cmp-ns1", "a=1", "b=2", "empty=");
    c.step("ns", "create", "cmp-ns2");
    c.step("ns", "create", "cmp-ns1");
    c.step("ns", "create", "bad/name");
    c.step("ns", "create", "-leading");
    c.step("ns", "create", "x".repeat(77));
    c.step("ns", "create", "cmp-ns3", "k=" + "v".repeat(4100));
    c.step("ns", "ls");
    c.step("ns", "ls", "-q");
    c.step("ns", "label", "cmp-ns1", "a=3", "c=", "d=4", "e.f/g=h");
    c.step("ns", "label", "cmp-ns1");
    c.step("ns", "label", "cmp-ns1", "b=");
    c.step("ns", "ls");
    c.step("ns", "label", "cmp-missing", "x=1");
    c.step("ns", "label", "cmp-ns2", "containerd.io/defaults/snapshotter=overlayfs");
    c.step("ns", "ls");
    c.step("-n", "cmp-ns1", "c", "create", "--rootfs", PAIR.scratch().toString(), "holder");
    c.step("ns", "rm", "cmp-ns1");
    c.step("ns", "rm", "cmp-ns2", "cmp-missing", "cmp-ns1");
    c.step("ns", "ls", "-q");
    c.step("-n", "cmp-ns1", "c", "rm", "holder");
    c.step("ns", "rm", "cmp-ns1");
    c.step("ns", "rm", "bad/name");
    c.step("ns", "ls");
    c.assertSame();
  }

  @Test
  void containers() {
    CtrComparison c = PAIR.daemons().comparison();
    String r = PAIR.scratch().toString();
    String[] ns = {"-n", "cmp-c"};
    c.step(cat(ns, "c", "create", "--rootfs", r, "c1"));
    c.step(cat(ns, "c", "create", "--label", "a=b", "--label", "x.y=z", "--rootfs", r, "c2",
        "/bin/sh", "-c", "echo hi"));
    c.step(cat(ns, "c", "create", "--label", "a=other", "--runtime", "io.berth.test.v1",
        "--rootfs", r, "c3", "/bin/true"));
    c.step(cat(ns, "c", "create", "--rootfs", r, "c1"));
    c.step(cat(ns, "c", "create", "--rootfs", r, "bad/id"));
    c.step(cat(ns, "c", "create", "--rootfs", r, "y".repeat(77)));
    c.step(cat(ns, "c", "create", "--label", "big=" + "v".repeat(4100), "--rootfs", r, "c4"));
    c.step(cat(ns, "c", "ls"));
    c.step(cat(ns, "c", "ls", "-q"));
    c.step(cat(ns, "c", "info", "c1"));
    c.step(cat(ns, "c", "info", "c2"));
    c.step(cat(ns, "c", "info", "--spec", "c2"));
    c.step(cat(ns, "c", "info", "missing"));
    c.step(cat(ns, "c", "info", "bad/id"));
    c.stepMasked(UNORDERED_LABELS, cat(ns, "c", "label", "c2", "k=v", "flag", "a="));
    c.step(cat(ns, "c", "info", "c2"));
    c.stepMasked(UNORDERED_LABELS, cat(ns, "c", "label", "c2"));
    c.stepMasked(UNORDERED_LABELS, cat(ns, "c", "label", "c1"));
    c.stepMasked(UNORDERED_LABELS, cat(ns, "c", "label", "missing", "k=v"));
    c.stepMasked(UNORDERED_LABELS, cat(ns, "c", "label", "c2", "huge=" + "v".repeat(4100)));
    c.step(cat(ns, "c", "rm", "c1"));
    c.step(cat(ns, "c", "rm", "c1"));
    c.step(cat(ns, "c", "rm", "missing", "c2"));
    c.step(cat(ns, "c", "ls"));
    c.step(cat(ns, "c", "rm", "c3"));
    c.step(cat(ns, "c", "ls"));
    c.step(cat(ns, "c", "rm", "c3"));
    c.step("ns", "rm", "cmp-c");
    c.assertSame();
  }

  @Test
  void containerFilters() {
    CtrComparison c = PAIR.daemons().comparison();
    String r = PAIR.scratch().toString();
    String[] ns = {"-n", "cmp-f"};
    c.step(cat(ns, "c", "create", "--label", "a=b", "--label", "x.y=z", "--rootfs", r, "f1"));
    c.step(cat(ns, "c", "create", "--label", "a=bb", "--rootfs", r, "f2", "/bin/true"));
    c.step(cat(ns, "c", "create", "--runtime", "io.berth.test.v1", "--rootfs", r, "g3"));
    String[][] filters = {
        {"id==f1"}, {"id==nope"}, {"id!=f1"}, {"labels.a==b"}, {"labels.a==bb"},
        {"labels.\"x.y\"==z"}, {"labels.x.y==z"}, {"labels.a!=b"}, {"labels.a~=/^b+$/"},
        {"labels.a~=|b{2}|"}, {"labels.a~=\"b\""}, {"id~=f"}, {"labels.a"}, {"labels"},
        {"labels.nope"}, {"id"}, {"image"}, {"image==x"}, {"image!=x"}, {"runtime.name"},
        {"runtime.name==io.containerd.runc.v2"}, {"runtime.name==io.berth.test.v1"},
        {"runtime.name~=berth"}, {"id~=f,labels.a==bb"}, {"id~=f, labels.a~=b"},
        {"id==f1", "id==g3"}, {"labels.a==b", "runtime.name~=test"}, {""}, {"id~=[z-a]"},
        {"snapshotter==x"}, {"spec"}, {"id==\"f1\""}, {"id==\"f\\x31\""},
        {"labels.\"a\"==b"}, {"labels.a==b,id==f2"},
    };
    for (String[] f : filters) {
      c.step(cat(cat(ns, "c", "ls"), f));
    }
    String[] bad = {
        "id==", "id=f1", "id===f1", "==f1", "labels.", "labels.ns/key==x", "id==/x",
        "id~=/unterminated", "id~=|unterminated", "id==\"unterminated", "id!", "id,,",
        "labels.\"a", "id==f1,", ",id==f1", "id ==", "id~=", "id~=a b",
        "id==a'b", "labels..a==b", ".id==f1",
    };
    for (String f : bad) {
      c.step(cat(ns, "c", "ls", f));
    }
    c.step(cat(ns, "c", "ls", "id==f1", "id=="));
    c.step(cat(ns, "c", "rm", "f1", "f2", "g3"));
    c.step("ns", "rm", "cmp-f");
    c.assertSame();
  }

  @Test
  void leases() {
    CtrComparison c = PAIR.daemons().comparison();
    String[] ns = {"-n", "cmp-l"};
    // Generated ids differ, and so does the padding of the table columns around them.
    UnaryOperator<String> generatedIds = s -> GENERATED_LEASE.matcher(s).replaceAll("<LEASE>")
        .replaceAll(" +", " ");
    c.step(cat(ns, "leases", "create", "--id", "l1"));
    c.step(cat(ns, "leases", "create", "--id", "l2", "--expires", "0", "team=a", "x.y=z",
        "flag"));
    c.step(cat(ns, "leases", "create", "--id", "l1"));
    c.step(cat(ns, "leases", "create", "--id", "bad/id"));
    c.stepMasked(generatedIds, cat(ns, "leases", "create", "--expires", "0", "generated=yes"));
    c.stepMasked(generatedIds, cat(ns, "leases", "ls"));
    c.stepMasked(generatedIds, cat(ns, "leases", "ls", "-q"));
    c.step(cat(ns, "leases", "ls", "id==l1"));
    c.step(cat(ns, "leases", "ls", "labels.team==a"));
    c.stepMasked(generatedIds, cat(ns, "leases", "ls", "id!=l1", "labels.\"x.y\""));
    c.step(cat(ns, "leases", "ls", "id=="));
    c.step(cat(ns, "leases", "rm", "l1"));
    c.step(cat(ns, "leases", "rm", "l1"));
    c.step(cat(ns, "leases", "rm", "--sync", "l2"));
    c.step(cat(ns, "leases", "rm", "missing", "l2"));
    c.stepMasked(generatedIds, cat(ns, "leases", "ls", "labels.generated==yes", "-q"));
    c.step("-n", "cmp-empty", "leases", "ls");
    c.assertSame();
  }

  @Test
  void version() {
    CtrComparison c = PAIR.daemons().comparison();
    // Server version and revision are Berth's own; everything else must match.
    UnaryOperator<String> serverVersion = s -> s
        .replaceAll("(?m)^(Server:\\n  Version:  ).*\\n  Revision: .*$", "$1<V>\n  Revision: <R>")
        .replaceAll("(?m)^WARNING: (version|revision) mismatch\\n", "");
    var berth = c.stepMasked(serverVersion, "version");
    assertThat(berth.stdout()).contains("Server:\n  Version:  ").contains("  UUID: ");
    assertThat(berth.exitCode()).isZero();
    c.assertSame();
  }

  @Test
  void errors() {
    CtrComparison c = PAIR.daemons().comparison();
    c.step("-n", "bad/ns", "c", "ls");
    c.step("-n", "bad/ns", "c", "info", "x");
    c.step("-n", "bad/ns", "leases", "ls");
    c.step("-n", "", "c", "ls");
    c.step("-n", "", "leases", "create", "--id", "x");
    c.step("-n", "cmp-e", "c", "info", "");
    c.step("-n", "cmp-e", "c", "rm", "nothing");
    c.step("-n", "cmp-e", "leases", "rm", "nothing");
    c.step("-n", "cmp-e", "c", "create", "--rootfs", PAIR.scratch().toString(), "");
    c.step("ns", "rm", "cmp-e");
    c.assertSame();
  }

  private static String[] cat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
