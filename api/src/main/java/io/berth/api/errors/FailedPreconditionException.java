package io.berth.api.errors;

/** containerd's class "failed precondition". */
public final class FailedPreconditionException extends BerthException {

  public FailedPreconditionException(String detail) {
    super(detail, null);
  }

  public FailedPreconditionException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "failed precondition";
  }

  @Override
  public FailedPreconditionException withPrefix(String prefix) {
    return new FailedPreconditionException(prefixed(prefix, detail()), getCause());
  }
}
