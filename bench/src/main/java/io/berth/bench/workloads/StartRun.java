package io.berth.bench.workloads;

/**
 * One container start of a runtime workload, in nanoseconds. Create and start are the two calls
 * ({@code Container.create} / {@code runc create}: the container's first process is set up and
 * waits; {@code start} / {@code runc start}: it has been let go to execve), cycle runs from the
 * create call until the container has exited and been deleted, and initCpu is the CPU time the
 * container's first process had used when create returned (its set-up work). The cycle leaves
 * out the time taken to read that CPU time.
 */
record StartRun(long createNanos, long startNanos, long cycleNanos, long initCpuNanos) {

  StartRun {
    if (createNanos < 0 || startNanos < 0 || cycleNanos < createNanos + startNanos
        || initCpuNanos < 0) {
      throw new IllegalArgumentException("inconsistent start times: create " + createNanos
          + ", start " + startNanos + ", cycle " + cycleNanos + ", init CPU " + initCpuNanos);
    }
  }

  /** From the create call until the container's process has been exec'd. */
  long createToExecNanos() {
    return createNanos + startNanos;
  }
}
