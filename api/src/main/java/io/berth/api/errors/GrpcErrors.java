package io.berth.api.errors;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * The only place where Berth errors become gRPC statuses and back, with containerd's mapping:
 * the status description is the error's full text; on the way back the class suffix is
 * stripped, as containerd's client does. The code mapping itself is {@link StatusCodes}'.
 */
public final class GrpcErrors {

  private GrpcErrors() {}

  /** The status a server answers for {@code error}. Unclassified errors travel as UNKNOWN. */
  public static StatusRuntimeException toStatus(Throwable error) {
    if (error instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (error instanceof StatusException se) {
      return se.getStatus().asRuntimeException(se.getTrailers());
    }
    Status.Code code = codeOf(error);
    String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    return Status.fromCode(code).withDescription(message).asRuntimeException();
  }

  /** The gRPC code of a Berth error class; UNKNOWN for anything else. */
  public static Status.Code codeOf(Throwable error) {
    return Status.fromCodeValue(StatusCodes.codeOf(error)).getCode();
  }

  /** The Berth error a client sees for a failed call. */
  public static BerthException fromStatus(Throwable error) {
    Status status = Status.fromThrowable(error);
    return StatusCodes.toBerth(status.getCode().value(), status.getDescription(), error);
  }
}
