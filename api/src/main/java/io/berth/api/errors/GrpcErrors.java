package io.berth.api.errors;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * The only place where Berth errors become gRPC statuses and back, with containerd's mapping:
 * the status description is the error's full text; on the way back the class suffix is
 * stripped, as containerd's client does.
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
    if (!(error instanceof BerthException e)) {
      return Status.Code.UNKNOWN;
    }
    return switch (e) {
      case NotFoundException x -> Status.Code.NOT_FOUND;
      case AlreadyExistsException x -> Status.Code.ALREADY_EXISTS;
      case InvalidArgumentException x -> Status.Code.INVALID_ARGUMENT;
      case FailedPreconditionException x -> Status.Code.FAILED_PRECONDITION;
      case UnavailableException x -> Status.Code.UNAVAILABLE;
      case NotImplementedException x -> Status.Code.UNIMPLEMENTED;
      case CanceledException x -> Status.Code.CANCELLED;
      case DeadlineExceededException x -> Status.Code.DEADLINE_EXCEEDED;
      case UnknownException x -> Status.Code.UNKNOWN;
    };
  }

  /** The Berth error a client sees for a failed call. */
  public static BerthException fromStatus(Throwable error) {
    Status status = Status.fromThrowable(error);
    String desc = status.getDescription() == null ? "" : status.getDescription();
    return switch (status.getCode()) {
      case NOT_FOUND -> new NotFoundException(strip(desc, "not found"), error);
      case ALREADY_EXISTS -> new AlreadyExistsException(strip(desc, "already exists"), error);
      case INVALID_ARGUMENT -> new InvalidArgumentException(strip(desc, "invalid argument"), error);
      case FAILED_PRECONDITION ->
          new FailedPreconditionException(strip(desc, "failed precondition"), error);
      case UNAVAILABLE -> new UnavailableException(strip(desc, "unavailable"), error);
      case UNIMPLEMENTED -> new NotImplementedException(strip(desc, "not implemented"), error);
      case CANCELLED -> new CanceledException(strip(desc, "context canceled"), error);
      case DEADLINE_EXCEEDED ->
          new DeadlineExceededException(strip(desc, "context deadline exceeded"), error);
      default -> new UnknownException(desc.isEmpty() ? status.getCode().toString() : desc, error);
    };
  }

  private static String strip(String desc, String classText) {
    if (desc.equals(classText)) {
      return "";
    }
    String suffix = ": " + classText;
    return desc.endsWith(suffix) ? desc.substring(0, desc.length() - suffix.length()) : desc;
  }
}
