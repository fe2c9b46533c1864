package io.berth.api.errors;

/** containerd's class "context deadline exceeded". */
public final class DeadlineExceededException extends BerthException {

  public DeadlineExceededException(String detail) {
    super(detail, null);
  }

  public DeadlineExceededException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "context deadline exceeded";
  }

  @Override
  public DeadlineExceededException withPrefix(String prefix) {
    return new DeadlineExceededException(prefixed(prefix, detail()), getCause());
  }
}
