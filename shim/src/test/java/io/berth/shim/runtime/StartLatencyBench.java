package io.berth.shim.runtime;

import io.berth.shim.spec.Spec;
import io.berth.shim.spec.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: measures create-to-exec latency of /bin/true (Container.create + start, i.e. until
 * the process has been exec'd) next to `runc create` + `runc start` on the same bundle, and prints
 * the medians of N runs. Run as root with the test class path:
 * {@code java -cp ... io.berth.shim.runtime.StartLatencyBench [N]}.
 */
public final class StartLatencyBench {
  private StartLatencyBench() {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    try (BusyboxRootfs fs = BusyboxRootfs.create()) {
      List<Double> berth = new ArrayList<>();
      List<Double> berthExit = new ArrayList<>();
      List<Double> runc = new ArrayList<>();
      for (int i = -2; i < n; i++) { // two warm-up rounds
        String id = "bench" + (i + 2);
        Spec spec = TestSpecs.ctrDefault(fs.rootfs, id, "/bin/true");
        spec = spec.withLinux(spec.linux().withCgroupsPath("/berth-bench/" + id));
        long t0 = System.nanoTime();
        Container c = Container.create(id, fs.bundle, spec, Stdio.discard());
        c.start();
        long t1 = System.nanoTime();
        c.exit().get();
        long t2 = System.nanoTime();
        c.destroy();
        double r = runc(fs, spec, id + "r");
        if (i >= 0) {
          berth.add((t1 - t0) / 1e6);
          berthExit.add((t2 - t0) / 1e6);
          runc.add(r);
        }
      }
      System.out.printf("berth create+start (exec'd): median %.1f ms%n", median(berth));
      System.out.printf("berth create+start+exit:     median %.1f ms%n", median(berthExit));
      System.out.printf("runc create + runc start:    median %.1f ms%n", median(runc));
    }
  }

  private static double runc(BusyboxRootfs fs, Spec spec, String id) throws Exception {
    Path bundle = Files.createTempDirectory("berth-bench-runc");
    Path state = Files.createTempDirectory("berth-bench-state");
    try {
      Specs.write(spec.withLinux(spec.linux().withCgroupsPath("/berth-bench/" + id)), bundle.resolve("config.json"));
      long t0 = System.nanoTime();
      run("runc", "--root", state.toString(), "create", "-b", bundle.toString(), id);
      run("runc", "--root", state.toString(), "start", id);
      long t1 = System.nanoTime();
      run("runc", "--root", state.toString(), "delete", "-f", id);
      return (t1 - t0) / 1e6;
    } finally {
      Files.deleteIfExists(bundle.resolve("config.json"));
      Files.deleteIfExists(bundle);
      try (var s = Files.walk(state)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed");
    }
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }
}
