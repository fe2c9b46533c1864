package io.berth.bench.targets;

/**
 * A system under measurement: a daemon reached over gRPC ({@link RemoteTarget}) or Berth's
 * stores in this process ({@link EmbeddedTarget}). A target offers {@link #maxClients()}
 * independent clients; workloads use clients 0..n-1 for n concurrent callers.
 */
public sealed interface Target extends AutoCloseable permits RemoteTarget, EmbeddedTarget {

  /** The name in reports: {@code berth}, {@code containerd} or {@code embedded}. */
  String name();

  int maxClients();

  /** The container operations of client {@code client} (0 ≤ client < maxClients()). */
  ContainerOps containers(int client);

  /**
   * From how many threads {@code callers} concurrent callers of {@link #containers} are driven:
   * one per caller where a call is made on its caller's thread, fewer where calls end on an
   * event loop of their own.
   */
  int callerThreads(int callers);

  /**
   * CPU time, in nanoseconds, the target's JIT compiler has used so far (berthd's HotSpot
   * compiler threads); zero for a target without one, or that is not measured (in-process).
   */
  default long compilerCpuNanos() {
    return 0;
  }

  /**
   * CPU time, in nanoseconds, this process's JIT compiler has used so far: the benchmark
   * client's, whose work every remote target's measurements include.
   */
  static long clientCompilerCpuNanos() {
    return JitActivity.compilerCpuNanos(ProcessHandle.current().pid());
  }

  @Override
  void close();
}
