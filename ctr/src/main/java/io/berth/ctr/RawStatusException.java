package io.berth.ctr;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A gRPC failure reported the way Go prints an untranslated status error, {@code rpc error: code =
 * Unknown desc = ...}; ctr shows event stream failures so. The exit status still follows the code.
 */
public final class RawStatusException extends RuntimeException {

  private static final String[] GO_NAMES = {
    "OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound", "AlreadyExists",
    "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
    "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"
  };

  public RawStatusException(StatusRuntimeException cause) {
    super(text(cause.getStatus()), cause);
  }

  /** Go's {@code status.Error(...).Error()}. */
  public static String text(Status status) {
    String desc = status.getDescription() == null ? "" : status.getDescription();
    return "rpc error: code = " + GO_NAMES[status.getCode().value()] + " desc = " + desc;
  }
}
