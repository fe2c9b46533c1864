package io.berth.api.errors;

/**
 * The gRPC status codes as numbers, and Berth's errors mapped to them and back, with no gRPC
 * library involved: what a protocol that carries the codes itself (ttrpc, between berthd and its
 * shims) needs. {@link GrpcErrors} maps through here too, so both protocols agree.
 */
public final class StatusCodes {
  public static final int OK = 0;
  public static final int CANCELLED = 1;
  public static final int UNKNOWN = 2;
  public static final int INVALID_ARGUMENT = 3;
  public static final int DEADLINE_EXCEEDED = 4;
  public static final int NOT_FOUND = 5;
  public static final int ALREADY_EXISTS = 6;
  public static final int PERMISSION_DENIED = 7;
  public static final int RESOURCE_EXHAUSTED = 8;
  public static final int FAILED_PRECONDITION = 9;
  public static final int ABORTED = 10;
  public static final int OUT_OF_RANGE = 11;
  public static final int UNIMPLEMENTED = 12;
  public static final int INTERNAL = 13;
  public static final int UNAVAILABLE = 14;
  public static final int DATA_LOSS = 15;
  public static final int UNAUTHENTICATED = 16;

  private static final String[] NAMES = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"
  };

  private StatusCodes() {}

  /** The code's name as gRPC spells it ({@code NOT_FOUND}), or {@code CODE(n)} for an unknown one. */
  public static String name(int code) {
    return code >= 0 && code < NAMES.length ? NAMES[code] : "CODE(" + code + ")";
  }

  /** The code of a Berth error class; UNKNOWN for anything else. */
  public static int codeOf(Throwable error) {
    if (!(error instanceof BerthException e)) {
      return UNKNOWN;
    }
    return switch (e) {
      case NotFoundException x -> NOT_FOUND;
      case AlreadyExistsException x -> ALREADY_EXISTS;
      case InvalidArgumentException x -> INVALID_ARGUMENT;
      case FailedPreconditionException x -> FAILED_PRECONDITION;
      case UnavailableException x -> UNAVAILABLE;
      case NotImplementedException x -> UNIMPLEMENTED;
      case CanceledException x -> CANCELLED;
      case DeadlineExceededException x -> DEADLINE_EXCEEDED;
      case UnknownException x -> UNKNOWN;
    };
  }

  /**
   * The Berth error for a failed call's {@code code} and {@code message}; the class suffix is
   * stripped from the message, as containerd's client does.
   */
  public static BerthException toBerth(int code, String message, Throwable cause) {
    String desc = message == null ? "" : message;
    return switch (code) {
      case NOT_FOUND -> new NotFoundException(strip(desc, "not found"), cause);
      case ALREADY_EXISTS -> new AlreadyExistsException(strip(desc, "already exists"), cause);
      case INVALID_ARGUMENT -> new InvalidArgumentException(strip(desc, "invalid argument"), cause);
      case FAILED_PRECONDITION ->
          new FailedPreconditionException(strip(desc, "failed precondition"), cause);
      case UNAVAILABLE -> new UnavailableException(strip(desc, "unavailable"), cause);
      case UNIMPLEMENTED -> new NotImplementedException(strip(desc, "not implemented"), cause);
      case CANCELLED -> new CanceledException(strip(desc, "context canceled"), cause);
      case DEADLINE_EXCEEDED ->
          new DeadlineExceededException(strip(desc, "context deadline exceeded"), cause);
      default -> new UnknownException(desc.isEmpty() ? name(code) : desc, cause);
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
