package io.berth.api.errors;

/**
 * The one error vocabulary of Berth. Each subclass is one of containerd's error classes; the
 * message is the detail followed by the class text (": not found"), exactly as containerd
 * prints it, so that the status description on the wire matches.
 *
 * <p>Translation to and from gRPC happens only in {@link GrpcErrors}.
 */
public abstract sealed class BerthException extends RuntimeException
    permits NotFoundException, AlreadyExistsException, InvalidArgumentException,
        FailedPreconditionException, UnavailableException, NotImplementedException,
        CanceledException, DeadlineExceededException, UnknownException {

  private final String detail;

  protected BerthException(String detail, Throwable cause) {
    super(cause);
    this.detail = detail == null ? "" : detail;
  }

  /** The text before the class suffix, e.g. {@code container "x"}. */
  public String detail() {
    return detail;
  }

  /** The class text containerd appends, e.g. {@code not found}; empty for plain errors. */
  public abstract String classText();

  /** A new error of the same class whose detail is {@code prefix + ": " + detail}. */
  public abstract BerthException withPrefix(String prefix);

  @Override
  public String getMessage() {
    String cls = classText();
    if (cls.isEmpty()) {
      return detail;
    }
    return detail.isEmpty() ? cls : detail + ": " + cls;
  }

  static String prefixed(String prefix, String detail) {
    return detail.isEmpty() ? prefix : prefix + ": " + detail;
  }
}
