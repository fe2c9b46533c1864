package io.berth.ctr;

import io.berth.api.errors.AlreadyExistsException;
import io.berth.api.errors.BerthException;
import io.berth.api.errors.CanceledException;
import io.berth.api.errors.DeadlineExceededException;
import io.berth.api.errors.FailedPreconditionException;
import io.berth.api.errors.GrpcErrors;
import io.berth.api.errors.InvalidArgumentException;
import io.berth.api.errors.NotFoundException;
import io.berth.api.errors.NotImplementedException;
import io.berth.api.errors.UnavailableException;
import io.berth.api.errors.UnknownException;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * The exit status of {@code berth}, one per error class, so scripts can tell "not found" from
 * "already exists" (ctr exits 1 for every error):
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><th>code</th><th>meaning</th><th>gRPC status</th></tr>
 *   <tr><td>0</td><td>success</td><td>OK</td></tr>
 *   <tr><td>1</td><td>an error of no class (client-side checks, plain server errors)</td><td>UNKNOWN and others</td></tr>
 *   <tr><td>2</td><td>usage: unknown option, bad option value, missing argument</td><td>-</td></tr>
 *   <tr><td>3</td><td>invalid argument</td><td>INVALID_ARGUMENT</td></tr>
 *   <tr><td>4</td><td>not found</td><td>NOT_FOUND</td></tr>
 *   <tr><td>5</td><td>already exists</td><td>ALREADY_EXISTS</td></tr>
 *   <tr><td>6</td><td>failed precondition</td><td>FAILED_PRECONDITION</td></tr>
 *   <tr><td>7</td><td>unavailable, including a daemon that cannot be reached</td><td>UNAVAILABLE</td></tr>
 *   <tr><td>8</td><td>not implemented</td><td>UNIMPLEMENTED</td></tr>
 *   <tr><td>9</td><td>deadline exceeded ({@code --timeout})</td><td>DEADLINE_EXCEEDED</td></tr>
 *   <tr><td>130</td><td>canceled (interrupted)</td><td>CANCELLED</td></tr>
 * </table>
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int INVALID_ARGUMENT = 3;
  public static final int NOT_FOUND = 4;
  public static final int ALREADY_EXISTS = 5;
  public static final int FAILED_PRECONDITION = 6;
  public static final int UNAVAILABLE = 7;
  public static final int NOT_IMPLEMENTED = 8;
  public static final int DEADLINE_EXCEEDED = 9;
  public static final int CANCELED = 130;

  private ExitCodes() {}

  /** The exit status for a command that failed with {@code error}. */
  public static int of(Throwable error) {
    if (error instanceof DialException) {
      return UNAVAILABLE;
    }
    if (error instanceof RawStatusException raw) {
      return of(raw.getCause());
    }
    return switch (asBerth(error)) {
      case InvalidArgumentException e -> INVALID_ARGUMENT;
      case NotFoundException e -> NOT_FOUND;
      case AlreadyExistsException e -> ALREADY_EXISTS;
      case FailedPreconditionException e -> FAILED_PRECONDITION;
      case UnavailableException e -> UNAVAILABLE;
      case NotImplementedException e -> NOT_IMPLEMENTED;
      case DeadlineExceededException e -> DEADLINE_EXCEEDED;
      case CanceledException e -> CANCELED;
      case UnknownException e -> FAILURE;
    };
  }

  /** The message ctr would print after {@code ctr: } for this error. */
  public static String message(Throwable error) {
    if (error instanceof StatusRuntimeException || error instanceof StatusException) {
      return GrpcErrors.fromStatus(error).getMessage();
    }
    String m = error.getMessage();
    return m == null ? error.getClass().getName() : m;
  }

  /** The error as one of Berth's classes; gRPC statuses are translated, the rest are unclassed. */
  static BerthException asBerth(Throwable error) {
    if (error instanceof BerthException b) {
      return b;
    }
    if (error instanceof StatusRuntimeException || error instanceof StatusException) {
      return GrpcErrors.fromStatus(error);
    }
    return new UnknownException(message(error), error);
  }
}
