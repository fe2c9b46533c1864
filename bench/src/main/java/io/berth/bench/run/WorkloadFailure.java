package io.berth.bench.run;

/** A workload could not complete a repetition; the message says what failed. */
public final class WorkloadFailure extends RuntimeException {

  public WorkloadFailure(String message) {
    super(message);
  }

  public WorkloadFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
