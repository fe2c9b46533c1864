package io.berth.api.errors;

/** containerd's class "invalid argument". */
public final class InvalidArgumentException extends BerthException {

  public InvalidArgumentException(String detail) {
    super(detail, null);
  }

  public InvalidArgumentException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "invalid argument";
  }

  @Override
  public InvalidArgumentException withPrefix(String prefix) {
    return new InvalidArgumentException(prefixed(prefix, detail()), getCause());
  }
}
