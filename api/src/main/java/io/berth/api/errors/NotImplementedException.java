package io.berth.api.errors;

/** containerd's class "not implemented". */
public final class NotImplementedException extends BerthException {

  public NotImplementedException(String detail) {
    super(detail, null);
  }

  public NotImplementedException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String classText() {
    return "not implemented";
  }

  @Override
  public NotImplementedException withPrefix(String prefix) {
    return new NotImplementedException(prefixed(prefix, detail()), getCause());
  }
}
